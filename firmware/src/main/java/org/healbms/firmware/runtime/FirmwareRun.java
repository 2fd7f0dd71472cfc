package org.healbms.firmware.runtime;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.healbms.drivers.acquisition.LoopStatistics;
import org.healbms.firmware.coap.AccessPolicy;
import org.healbms.firmware.coap.KeyFile;
import org.healbms.firmware.coap.TelemetryServer;
import org.healbms.io.firmware.FirmwareConfig;

/**
 * {@code healbms run}, shared by the CLI and the Pi's entry point: the firmware with its CoAP server
 * until {@code duration} or SIGTERM/Ctrl-C, both through the state machine's shutdown (contactors
 * open) and a state save, then the summary.
 */
public final class FirmwareRun {

    private FirmwareRun() {
    }

    /**
     * @param duration null: run until SIGTERM
     * @param json     also print the summary as one JSON object on the last line of {@code out}
     * @return the exit status
     */
    /** From SIGTERM to exit, at most: systemd's default stop timeout is longer, the issue asks for 5 s. */
    static final long SIGTERM_BUDGET_MS = 4500;

    public static int run(FirmwareSetup setup, Duration duration, boolean json, PrintWriter err, PrintStream out)
            throws Exception {
        FirmwareConfig c = setup.config();
        LibraryLog.level(c.logLevel());
        // Counted down once the summary is printed: on SIGTERM the JVM exits when the hook returns,
        // so the hook waits for the state machine's shutdown, the save and the summary (defect 7).
        CountDownLatch done = new CountDownLatch(1);
        Thread[] hook = new Thread[1];
        try {
            try (Firmware firmware = new Firmware(c, setup.board(), setup.cell(), setup.plant(), setup.rules(), err)) {
                hook[0] = new Thread(() -> {
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
                }, "healbms-sigterm");
                Runtime.getRuntime().addShutdownHook(hook[0]);
                LoopStatistics stats;
                TelemetryServer coap = null;
                if (c.coapHost() != null) {
                    var keys = c.coapKeys() == null ? null : KeyFile.read(c.coapKeys());
                    var policy = keys == null ? AccessPolicy.loopbackReadsOnly() : keys.policy();
                    coap = new TelemetryServer(firmware, new java.net.InetSocketAddress(c.coapHost(),
                            c.coapPort()), keys == null ? null : new java.net.InetSocketAddress(c.coapHost(), c.coapSecurePort()),
                            keys == null ? java.util.List.of() : keys.keys(), policy, setup.board().cells(), 1000);
                    coap.start();
                    err.printf("healbms run: CoAP telemetry on coap://%s:%d%s%n", c.coapHost(), coap.port(),
                            keys == null ? " (reads from loopback only; no keys, no writes)"
                                    : ", coaps://%s:%d".formatted(c.coapHost(), coap.securePort()));
                }
                try {
                    stats = firmware.run(duration);
                } finally {
                    if (coap != null) {
                        coap.close();
                    }
                }
                RunSummary.print(out, firmware, setup.board(), stats, json);
                out.flush();
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
        return 0;
    }
}
