package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code healbms twin run}'s pack designs are read and checked before it looks for the broker. */
class TwinRunCommandTest {

    @TempDir
    Path dir;

    private static String closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    private CliRun run(String... designArgs) throws Exception {
        String[] args = new String[4 + designArgs.length];
        args[0] = "twin";
        args[1] = "run";
        args[2] = "--bootstrap";
        args[3] = closedPort();
        System.arraycopy(designArgs, 0, args, 4, designArgs.length);
        return CliRun.of(args);
    }

    @Test
    void designsByPrefixAreReadThenTheBrokerIsLookedFor() throws Exception {
        String cell = CliRun.bundled(dir, "NCR18650PF_25degC.cell.json").toString();
        CliRun ok = run("--design", "ev-=" + cell + ",96", "--design", "storage-=" + cell + ",16");
        assertThat(ok.exitCode()).isEqualTo(2);
        assertThat(ok.err()).contains("no Kafka broker at --bootstrap");

        assertThat(run("--design", "ev-=" + cell + ",x").err()).contains("K must be a whole number");
        assertThat(run("--design", "ev-" + cell).err()).contains("--design must be PREFIX=CELL.json,K");
        assertThat(run("--design", "ev-=" + cell + ",4", "--design", "ev-=" + cell + ",8")
                        .err())
                .contains("names the prefix 'ev-' twice");
        assertThat(run().err()).contains("give the packs' design");
        assertThat(run("--cell", cell).err()).contains("--cell and --cells-per-pack go together");
        CliRun missing = run("--design", "ev-=" + dir.resolve("none.cell.json") + ",4");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("none.cell.json");
    }
}
