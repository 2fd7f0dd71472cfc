package org.healbms.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.healbms.firmware.runtime.FirmwareRun;
import org.healbms.firmware.runtime.FirmwareSetup;
import org.healbms.io.file.FileProblem;

/**
 * The Pi jar's entry point: {@code healbms run --config FILE [--duration S] [--json]}, the one
 * command the systemd unit runs, with the CLI's output and exit codes (the run is the firmware
 * module's {@link FirmwareRun}, as for {@code healbms run}). Everything else of the CLI stays on the
 * desktop, and so does picocli: the Pi jar carries the firmware and its libraries only.
 */
public final class PiMain {

    private static final String USAGE = "usage: healbms run --config FILE [--duration S] [--json]\n"
            + "  (the Pi distribution runs the firmware only; every other command is in the desktop jar)";

    private PiMain() {}

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.err, true)));
    }

    static int run(String[] args, PrintWriter err) {
        List<String> a = List.of(args);
        if (a.size() == 1 && List.of("-h", "--help", "help").contains(a.getFirst())
                || a.size() == 2
                        && a.getFirst().equals("run")
                        && List.of("-h", "--help").contains(a.get(1))) {
            System.out.println(USAGE);
            return 0;
        }
        if (a.isEmpty() || !a.getFirst().equals("run")) {
            err.println(
                    a.isEmpty() ? USAGE : "healbms: '" + a.getFirst() + "' is not a command of the Pi jar\n" + USAGE);
            return 2;
        }
        Path config = null;
        Duration duration = null;
        boolean json = false;
        for (int i = 1; i < a.size(); i++) {
            String option = a.get(i);
            switch (option) {
                case "--json" -> json = true;
                case "--config", "--duration" -> {
                    if (i + 1 == a.size()) {
                        err.println("healbms run: " + option + " needs a value\n" + USAGE);
                        return 2;
                    }
                    String value = a.get(++i);
                    if (option.equals("--config")) {
                        config = Path.of(value);
                    } else {
                        try {
                            duration = Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
                        } catch (NumberFormatException e) {
                            err.println("healbms run: --duration: '" + value + "' is not a number of seconds");
                            return 2;
                        }
                    }
                }
                default -> {
                    err.println("healbms run: unknown option '" + option + "'\n" + USAGE);
                    return 2;
                }
            }
        }
        if (config == null) {
            // The desktop's bundled configuration (emulated board) is not in this jar.
            err.println("healbms run: --config FILE is required on the Pi\n" + USAGE);
            return 2;
        }
        try {
            return run(config, duration, json, err);
        } catch (IOException e) {
            err.println("healbms run: " + FileProblem.describe(e));
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("healbms run: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("healbms run: " + e);
            return 1;
        }
    }

    private static int run(Path config, Duration duration, boolean json, PrintWriter err) throws Exception {
        Path scratch = Files.createTempDirectory("healbms-run");
        try {
            FirmwareSetup setup = FirmwareSetup.read(config, null, new FirmwareSetup.Fallbacks() {
                @Override
                public Path board() {
                    throw new IllegalArgumentException(config + ": names no board file (board:); the Pi needs one");
                }

                @Override
                public Path cell() throws IOException {
                    return bundled(scratch, "/org/healbms/io/cell/", "NCR18650PF_25degC.cell.json");
                }

                @Override
                public Path plant() {
                    return null; // hardware measures real cells; an emulated board is refused by its platform
                }

                @Override
                public Path rules() throws IOException {
                    return bundled(scratch, "/org/healbms/io/rules/", "example.rules.yaml");
                }
            });
            return FirmwareRun.run(setup, duration, json, err, System.out);
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** Copies a file the jar carries (the example cell and rules files a configuration may leave out) out. */
    private static Path bundled(Path dir, String folder, String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = PiMain.class.getResourceAsStream(folder + name)) {
            if (in == null) {
                throw new IOException("bundled file " + folder + name + " is missing from the jar");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
