package org.healbms.firmware.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.healbms.drivers.acquisition.LoopStatistics;
import org.healbms.firmware.coap.AccessPolicy;
import org.healbms.firmware.coap.CoapPorts;
import org.healbms.firmware.coap.KeyFile;
import org.healbms.firmware.coap.TelemetryServer;
import org.healbms.firmware.persist.StateDirectoryLock;
import org.healbms.io.firmware.FirmwareConfig;

/**
 * {@code healbms run}, shared by the CLI and the Pi's entry point: the firmware with its CoAP server
 * until {@code duration} or SIGTERM/Ctrl-C, both through the state machine's shutdown (contactors
 * open) and a state save, then the summary.
 */
public final class FirmwareRun {

    private FirmwareRun() {}

    /** From SIGTERM to exit, at most: systemd's default stop timeout is longer, the issue asks for 5 s. */
    static final long SIGTERM_BUDGET_MS = 4500;

    /**
     * @param duration null: run until SIGTERM
     * @param json     also print the summary as one JSON object on the last line of {@code out}
     * @return the exit status: 0; 1 when the firmware stopped itself because its control tick kept
     *         failing (contactors opened, state saved); or 2 when another firmware holds the state
     *         directory or a CoAP port cannot be bound (said on {@code err}, before the state is touched).
     *         A state directory that cannot be written is no refusal: the firmware runs without
     *         persistence and raises STORAGE_UNWRITABLE
     */
    public static int run(FirmwareSetup setup, Duration duration, boolean json, PrintWriter err, PrintStream out)
            throws Exception {
        FirmwareConfig c = setup.config();
        LibraryLog.level(c.logLevel());
        // Refusals come before the firmware is built: building it restores the state and writes
        // "started" to the audit log, which a run that cannot go on must not do.
        Path stateDir = c.state().directory();
        StateDirectoryLock held = null;
        try {
            Optional<StateDirectoryLock> lock = StateDirectoryLock.tryAcquire(stateDir);
            if (lock.isEmpty()) {
                return inUse(stateDir, err);
            }
            held = lock.get();
        } catch (IOException e) {
            if (StateDirectoryLock.heldElsewhere(stateDir)) {
                return inUse(stateDir, err);
            }
            // A card that takes no writes (read-only after an error, full) must not keep protection
            // from running: a refusal here would be a restart loop under systemd with the pack unwatched.
            err.println("healbms run: warning: the state directory " + stateDir + " cannot be written ("
                    + e.getMessage() + "); protection runs without persistence (no state saves, the audit log"
                    + " held in memory) and STORAGE_UNWRITABLE derates the pack");
            err.flush();
        }
        try {
            KeyFile.Contents keys = c.coap().host() == null || c.coap().keys() == null
                    ? null
                    : KeyFile.read(c.coap().keys());
            if (c.coap().host() != null) {
                Optional<String> unavailable = keys == null
                        ? CoapPorts.unavailable(c.coap().host(), c.coap().port())
                        : CoapPorts.unavailable(
                                c.coap().host(), c.coap().port(), c.coap().securePort());
                if (unavailable.isPresent()) {
                    err.println("healbms run: " + unavailable.get());
                    err.flush();
                    return 2;
                }
            }
            return run(setup, keys, duration, json, err, out);
        } finally {
            if (held != null) {
                held.close();
            }
        }
    }

    private static int inUse(Path stateDir, PrintWriter err) {
        err.println("healbms run: the state directory " + stateDir + " is in use by another healbms run"
                + StateDirectoryLock.holder(stateDir)
                        .map(pid -> " (process " + pid + ")")
                        .orElse("")
                + "; one firmware per state directory");
        err.flush();
        return 2;
    }

    /** The run proper, with the state directory locked and the CoAP ports found free. */
    private static int run(
            FirmwareSetup setup,
            KeyFile.Contents keys,
            Duration duration,
            boolean json,
            PrintWriter err,
            PrintStream out)
            throws Exception {
        FirmwareConfig c = setup.config();
        // Counted down once the summary is printed: on SIGTERM the JVM exits when the hook returns,
        // so the hook waits for the state machine's shutdown, the save and the summary (defect 7).
        CountDownLatch done = new CountDownLatch(1);
        Thread[] hook = new Thread[1];
        int status = 0;
        try {
            try (Firmware firmware = new Firmware(c, setup.board(), setup.cell(), setup.plant(), setup.rules(), err)) {
                hook[0] = new Thread(
                        () -> {
                            firmware.requestShutdown();
                            try {
                                if (done.await(SIGTERM_BUDGET_MS, TimeUnit.MILLISECONDS)) {
                                    // Stopped cleanly (contactors open, state saved, summary printed): exit 0,
                                    // not the JVM's 143 for a signal, so systemd records a clean stop.
                                    Runtime.getRuntime().halt(0);
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "healbms-sigterm");
                Runtime.getRuntime().addShutdownHook(hook[0]);
                LoopStatistics stats;
                TelemetryServer coap = null;
                if (c.coap().host() != null) {
                    var policy = keys == null ? AccessPolicy.loopbackReadsOnly() : keys.policy();
                    coap = new TelemetryServer(
                            firmware,
                            new InetSocketAddress(c.coap().host(), c.coap().port()),
                            keys == null
                                    ? null
                                    : new InetSocketAddress(
                                            c.coap().host(), c.coap().securePort()),
                            keys == null ? List.of() : keys.keys(),
                            policy,
                            setup.board().cells(),
                            1000);
                    try {
                        coap.start();
                        err.printf(
                                "healbms run: CoAP telemetry on coap://%s:%d%s%n",
                                c.coap().host(),
                                coap.port(),
                                keys == null
                                        ? " (reads from loopback only; no keys, no writes)"
                                        : ", coaps://%s:%d".formatted(c.coap().host(), coap.securePort()));
                    } catch (BindException e) {
                        // Taken since CoapPorts found it free: the state is restored, but the loop never ran.
                        err.println("healbms run: " + e.getMessage());
                        status = 2;
                    }
                }
                if (status == 0) {
                    try {
                        stats = firmware.run(duration);
                    } finally {
                        if (coap != null) {
                            coap.close();
                        }
                    }
                    RunSummary.print(out, firmware, setup.board(), stats, json);
                    out.flush();
                    if (firmware.failSafeReason() != null) {
                        // Runtime faults: stopped by itself, safely; a failure status so that it is seen.
                        err.println("healbms run: stopped with the contactors open and the state saved: "
                                + firmware.failSafeReason());
                        status = 1;
                    }
                }
            } // closing the firmware drains the audit log to disk
        } finally {
            done.countDown();
        }
        try {
            if (hook[0] != null) {
                Runtime.getRuntime().removeShutdownHook(hook[0]);
            }
        } catch (IllegalStateException e) {
            // Already shutting down (SIGTERM): the hook is running and waits for us.
        }
        return status;
    }
}
