package org.healbms.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.healbms.firmware.persist.StateDirectoryLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two jars `package` builds (failsafe runs this after it): the Pi's holds the firmware and its
 * libraries but no emulator, CLI, plotting or progress classes; the desktop's holds everything.
 */
class PiJarIT {

    private static final Path PI_JAR = Path.of("target/healbms-pi.jar");
    private static final Path DESKTOP_JAR = Path.of("target/healbms.jar");
    private static final String PROVIDERS = "META-INF/services/org.healbms.drivers.platform.BoardPlatformProvider";

    @TempDir
    Path dir;

    private static List<String> entries(Path jar) throws Exception {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.stream().map(ZipEntry::getName).toList();
        }
    }

    private static String entry(Path jar, String name) throws Exception {
        try (JarFile j = new JarFile(jar.toFile());
                InputStream in = j.getInputStream(j.getEntry(name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void thePiJarHoldsTheFirmwareAndNoEmulatorCliPlottingOrProgressClasses() throws Exception {
        List<String> pi = entries(PI_JAR);
        assertThat(pi)
                .contains(
                        "org/healbms/deploy/PiMain.class",
                        "org/healbms/firmware/runtime/Firmware.class",
                        "org/healbms/io/firmware/FirmwareConfigFile.class",
                        "org/healbms/drivers/platform/Pi4jBoardPlatformProvider.class",
                        "org/eclipse/californium/core/CoapServer.class",
                        "com/pi4j/Pi4J.class",
                        "org/healbms/io/cell/NCR18650PF_25degC.cell.json",
                        "org/healbms/io/rules/example.rules.yaml");
        assertThat(pi)
                .noneMatch(e -> e.startsWith("org/healbms/sim/")
                        || e.startsWith("org/healbms/cli/")
                        || e.startsWith("picocli/")
                        || e.startsWith("org/knowm/xchart/")
                        || e.startsWith("me/tongfei/progressbar/")
                        || e.startsWith("org/jline/")
                        || e.startsWith("org/apache/pdfbox/"));
        // The twin and Kafka serve a fleet's servers; the pack controller has no use for them.
        assertThat(pi)
                .noneMatch(e -> e.startsWith("org/healbms/twin/")
                        || e.startsWith("org/apache/kafka/")
                        || e.startsWith("org/rocksdb/")
                        || e.contains("librocksdbjni"));
        assertThat(entry(PI_JAR, PROVIDERS).strip())
                .isEqualTo("org.healbms.drivers.platform.Pi4jBoardPlatformProvider");
    }

    /** CAN on the Pi: the protocol, the firmware's side, JavaCAN and its native part built for the Pi's aarch64. */
    @Test
    void thePiJarHoldsCanWithJavaCansNativePartForAarch64() throws Exception {
        assertThat(entries(PI_JAR))
                .contains(
                        "org/healbms/firmware/can/CanReporter.class",
                        "org/healbms/drivers/canbms/BmsCanEncoder.class",
                        "org/healbms/drivers/bus/JavaCanSocket.class",
                        "tel/schich/javacan/RawCanChannel.class",
                        "native/libjavacan-core.so");
        try (JarFile j = new JarFile(PI_JAR.toFile());
                InputStream in = j.getInputStream(j.getEntry("native/libjavacan-core.so"))) {
            byte[] elf = in.readNBytes(20);
            // An ELF file whose e_machine (bytes 18-19, little-endian) is 183, EM_AARCH64.
            assertThat(new String(elf, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("ELF");
            assertThat((elf[18] & 0xFF) | (elf[19] & 0xFF) << 8).isEqualTo(183);
        }
    }

    @Test
    void theDesktopJarHoldsEverythingAndBothPlatforms() throws Exception {
        assertThat(entries(DESKTOP_JAR))
                .contains(
                        "org/healbms/cli/HealBms.class",
                        "org/healbms/sim/board/EmulatedBoard.class",
                        "org/healbms/sim/device/can/InverterEmulator.class",
                        "org/healbms/cli/command/CanCommand.class",
                        "org/healbms/firmware/runtime/Firmware.class",
                        "org/knowm/xchart/XYChart.class",
                        "org/healbms/twin/topology/TwinTopology.class",
                        "org/apache/kafka/streams/Topology.class");
        assertThat(entry(DESKTOP_JAR, PROVIDERS).lines().map(String::strip).toList())
                .containsExactlyInAnyOrder(
                        "org.healbms.drivers.platform.Pi4jBoardPlatformProvider",
                        "org.healbms.sim.board.EmulatedBoardPlatformProvider");
    }

    /**
     * Library logs (Californium, Scandium, Pi4J) reach stderr: each jar's SLF4J API finds the simple
     * binding. A 2.0 API with a 1.7 binding finds none and drops every message (the jars carried that).
     */
    @Test
    void bothJarsBindTheirSlf4jApiToTheSimpleLogger() throws Exception {
        for (Path jar : List.of(PI_JAR, DESKTOP_JAR)) {
            assertThat(entries(jar))
                    .as(jar.toString())
                    .contains(
                            "org/slf4j/spi/SLF4JServiceProvider.class", "org/slf4j/simple/SimpleServiceProvider.class");
            assertThat(entry(jar, "META-INF/services/org.slf4j.spi.SLF4JServiceProvider"))
                    .as(jar.toString())
                    .contains("org.slf4j.simple.SimpleServiceProvider");
        }
    }

    /** An emulated board is refused at start by the Pi jar, which has no emulators: the message names what is there. */
    @Test
    void thePiJarRefusesAnEmulatedBoardNamingTheProvidersItHas() throws Exception {
        try (InputStream in = PiJarIT.class.getResourceAsStream("/org/healbms/io/board/emulated-4s.board.yaml")) {
            Files.copy(in, dir.resolve("board.yaml"));
        }
        Files.writeString(
                dir.resolve("firmware.yaml"),
                "format: healbms-firmware\nformat_version: 1\nboard: board.yaml\n" + "state_dir: state\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(
                        java,
                        "-cp",
                        PI_JAR.toAbsolutePath().toString(),
                        "org.healbms.deploy.PiMain",
                        "run",
                        "--config",
                        dir.resolve("firmware.yaml").toString(),
                        "--duration",
                        "1")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(dir.resolve("out.log"));
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out)
                .contains("healbms run: board ")
                .contains("needs platform 'emulated'")
                .contains("no provider on the class path offers (found: pi4j)");
    }

    /**
     * The Pi's entry point refuses as {@code healbms run} does, before it opens the board or touches
     * the state: a state directory another firmware holds, and a CoAP port another program holds.
     */
    @Test
    void thePiJarRefusesALockedStateDirectoryAndATakenCoapPortFirst() throws Exception {
        try (InputStream in = PiJarIT.class.getResourceAsStream("/org/healbms/io/board/emulated-4s.board.yaml")) {
            Files.copy(in, dir.resolve("board.yaml"));
        }
        Path state = dir.resolve("state");
        Files.writeString(
                dir.resolve("firmware.yaml"),
                "format: healbms-firmware\nformat_version: 1\nboard: board.yaml\n" + "state_dir: state\n");
        try (var held = StateDirectoryLock.tryAcquire(state).orElseThrow()) {
            String out = runPiJar(dir.resolve("firmware.yaml"), 2);
            assertThat(out)
                    .contains("healbms run: the state directory " + state + " is in use by another healbms run"
                            + " (process " + ProcessHandle.current().pid() + ")");
        }
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            Files.writeString(
                    dir.resolve("coap.yaml"),
                    "format: healbms-firmware\nformat_version: 1\nboard: board.yaml\n"
                            + "state_dir: state\ncoap: {bind: 127.0.0.1, port: " + squatter.getLocalPort() + "}\n");
            String out = runPiJar(dir.resolve("coap.yaml"), 2);
            assertThat(out)
                    .contains("healbms run: CoAP cannot bind UDP port " + squatter.getLocalPort() + " on 127.0.0.1")
                    .doesNotContain("Exception");
        }
        assertThat(state.resolve("audit.log")).doesNotExist();
    }

    private String runPiJar(Path config, int exitCode) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(
                        java,
                        "-cp",
                        PI_JAR.toAbsolutePath().toString(),
                        "org.healbms.deploy.PiMain",
                        "run",
                        "--config",
                        config.toString(),
                        "--duration",
                        "1")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("pi.log").toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(dir.resolve("pi.log"));
        assertThat(p.exitValue()).as(out).isEqualTo(exitCode);
        return out;
    }
}
