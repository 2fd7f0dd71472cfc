package org.healbms.cli.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.drivers.bus.CanBus;
import org.healbms.drivers.bus.CanFrame;
import org.healbms.drivers.bus.JavaCanSocket;
import org.healbms.drivers.bus.SocketCanBus;
import org.healbms.drivers.canbms.BmsCanDecoder;
import org.healbms.firmware.runtime.Firmware;
import org.healbms.firmware.runtime.FirmwareSetup;
import org.healbms.io.board.BoardFile;
import org.healbms.sim.board.EmulatedBoardPlatformProvider;
import org.healbms.sim.device.can.EmulatedCanBus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code healbms can dump}: the CAN-bus BMS protocol on the board's CAN interface, decoded. */
@Command(
        name = "can",
        mixinStandardHelpOptions = true,
        description = "The CAN-bus BMS protocol to the inverter.",
        subcommands = {CanCommand.Dump.class})
public final class CanCommand {

    @Command(
            name = "dump",
            mixinStandardHelpOptions = true,
            description = {
                "Print every frame on the board's CAN interface, decoded: the BMS's report to the inverter",
                "and what the inverter sends back. On a Pi it listens on the interface (can0) beside the running",
                "firmware. On an emulated board the bus is inside this process: the firmware (the bundled desktop",
                "configuration, or --config) runs here for --duration with its state in a scratch folder, and the",
                "board's inverter emulator answers."
            })
    static final class Dump implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(
                names = "--board",
                paramLabel = "FILE",
                description = "board description (default: the configuration's)")
        Path board;

        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "firmware configuration for an emulated board" + " (default: the bundled desktop one)")
        Path config;

        @Option(
                names = "--duration",
                paramLabel = "S",
                defaultValue = "5",
                description = "seconds to listen (default: ${DEFAULT-VALUE})")
        double durationS;

        @Override
        public Integer call() throws Exception {
            if (!(durationS > 0) || !Double.isFinite(durationS)) {
                throw new IllegalArgumentException("--duration must be a positive number of seconds, got " + durationS);
            }
            PrintWriter err = spec.commandLine().getErr();
            Path scratch = Files.createTempDirectory("healbms-can");
            try {
                FirmwareSetup setup = RunCommand.setup(config, scratch, scratch.resolve("state"));
                BoardDescription description = board != null ? BoardFile.read(board) : setup.board();
                if (description.can() == null) {
                    err.println("healbms can dump: board " + description.name() + " has no CAN interface"
                            + " (can: {interface: can0, bitrate: 500000, protocol: victron} in its board file)");
                    return 2;
                }
                Duration duration = Duration.ofMillis(Math.round(durationS * 1000));
                String iface = description.can().iface();
                if (description.platform().equals(EmulatedBoardPlatformProvider.NAME)) {
                    // The listener joins the process's bus first, so it hears the firmware's very first report.
                    try (CanBus node = EmulatedCanBus.named(iface).node()) {
                        return withFirmware(setup, description, duration, err, node);
                    }
                }
                try (CanBus node = SocketCanBus.open(iface, JavaCanSocket::open)) {
                    dump(node, duration, spec.commandLine().getOut());
                }
                return 0;
            } finally {
                BundledFiles.deleteTree(scratch);
            }
        }

        private int withFirmware(
                FirmwareSetup setup, BoardDescription description, Duration duration, PrintWriter err, CanBus node)
                throws Exception {
            try (Firmware firmware =
                    new Firmware(setup.config(), description, setup.cell(), setup.plant(), setup.rules(), err)) {
                CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                    try {
                        firmware.run(duration);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                dump(node, duration, spec.commandLine().getOut());
                firmware.requestShutdown();
                running.get();
            }
            return 0;
        }

        /** Prints each frame as it comes, then how many of each identifier. */
        static void dump(CanBus node, Duration duration, PrintWriter out) throws IOException {
            BmsCanDecoder decoder = new BmsCanDecoder();
            Map<Integer, Integer> counts = new TreeMap<>();
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            for (long now = start; now < end; now = System.nanoTime()) {
                CanFrame f = node.receive(Duration.ofNanos(Math.min(end - now, 100_000_000L)));
                if (f == null) {
                    continue;
                }
                counts.merge(f.id(), 1, Integer::sum);
                out.printf(
                        Locale.ROOT,
                        "%8.3f  %-30s %s%n",
                        (f.timestampNanos() - start) / 1e9,
                        f,
                        CanFrameText.describe(decoder.decode(f)));
            }
            StringBuilder summary = new StringBuilder();
            counts.forEach(
                    (id, n) -> summary.append(summary.isEmpty() ? "" : ", ").append("%03X x%d".formatted(id, n)));
            out.println(node.name() + ": " + (counts.isEmpty() ? "no frames" : summary) + " in "
                    + duration.toMillis() / 1000.0 + " s");
            out.flush();
        }
    }
}
