package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The twin's broker commands against an address where no broker listens: one line naming the address
 * and what failed, exit code 2, within the probe's bound (not Kafka's minute of retries).
 */
class TwinBrokerUnreachableTest {

    @TempDir
    static Path dir;

    /** A loopback port that was just free and is closed again: a connection to it is refused. */
    private static String closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    static Stream<Arguments> commands() throws Exception {
        String trace = CliRun.bundled(dir, "Kollmeyer__NCR18650PF__25degC_US06.bdf.csv.gz")
                .toString();
        String cell = CliRun.bundled(dir, "NCR18650PF_25degC.cell.json").toString();
        return Stream.of(
                Arguments.of((Object) new String[] {
                    "twin", "replay", trace, "--cell", cell, "--packs", "1", "--ticks", "5", "--bootstrap", "BROKER"
                }),
                Arguments.of((Object) new String[] {
                    "twin", "run", "--cell", cell, "--cells-per-pack", "4", "--duration-s", "5", "--bootstrap", "BROKER"
                }),
                Arguments.of((Object) new String[] {
                    "twin",
                    "gateway",
                    "--pack",
                    "p1=coap://127.0.0.1:5683",
                    "--duration-s",
                    "5",
                    "--bootstrap",
                    "BROKER"
                }));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void aRefusedBootstrapAddressIsOneLineAndExitCodeTwo(String[] template) throws Exception {
        String broker = closedPort();
        String[] args =
                Stream.of(template).map(a -> a.equals("BROKER") ? broker : a).toArray(String[]::new);
        long start = System.nanoTime();
        CliRun run = CliRun.of(args);
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().lines().toList())
                .singleElement()
                .asString()
                .contains("no Kafka broker at --bootstrap " + broker)
                .contains("refused the connection")
                .doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
        // Kafka's clients would retry for their one-minute API timeout; the probe answers at once.
        assertThat(seconds).isLessThan(20);
    }

    @ParameterizedTest
    @MethodSource("commands")
    void aMalformedBootstrapAddressIsNamed(String[] template) {
        String[] args = Stream.of(template)
                .map(a -> a.equals("BROKER") ? "localhost" : a)
                .toArray(String[]::new);
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--bootstrap must be HOST:PORT").contains("'localhost'");
    }
}
