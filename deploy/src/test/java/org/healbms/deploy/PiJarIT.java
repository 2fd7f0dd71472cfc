package org.healbms.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
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
        try (JarFile j = new JarFile(jar.toFile()); InputStream in = j.getInputStream(j.getEntry(name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void thePiJarHoldsTheFirmwareAndNoEmulatorCliPlottingOrProgressClasses() throws Exception {
        List<String> pi = entries(PI_JAR);
        assertThat(pi).contains("org/healbms/deploy/PiMain.class", "org/healbms/firmware/runtime/Firmware.class",
                "org/healbms/io/firmware/FirmwareConfigFile.class", "org/healbms/drivers/platform/Pi4jBoardPlatformProvider.class",
                "org/eclipse/californium/core/CoapServer.class", "com/pi4j/Pi4J.class",
                "org/healbms/io/cell/NCR18650PF_25degC.cell.json", "org/healbms/io/rules/example.rules.yaml");
        assertThat(pi).noneMatch(e -> e.startsWith("org/healbms/sim/") || e.startsWith("org/healbms/cli/")
                || e.startsWith("picocli/") || e.startsWith("org/knowm/xchart/") || e.startsWith("me/tongfei/progressbar/")
                || e.startsWith("org/jline/") || e.startsWith("org/apache/pdfbox/"));
        assertThat(entry(PI_JAR, PROVIDERS).strip()).isEqualTo("org.healbms.drivers.platform.Pi4jBoardPlatformProvider");
    }

    @Test
    void theDesktopJarHoldsEverythingAndBothPlatforms() throws Exception {
        assertThat(entries(DESKTOP_JAR)).contains("org/healbms/cli/HealBms.class", "org/healbms/sim/board/EmulatedBoard.class",
                "org/healbms/firmware/runtime/Firmware.class", "org/knowm/xchart/XYChart.class");
        assertThat(entry(DESKTOP_JAR, PROVIDERS).lines().map(String::strip).toList()).containsExactlyInAnyOrder(
                "org.healbms.drivers.platform.Pi4jBoardPlatformProvider", "org.healbms.sim.board.EmulatedBoardPlatformProvider");
    }

    /** An emulated board is refused at start by the Pi jar, which has no emulators: the message names what is there. */
    @Test
    void thePiJarRefusesAnEmulatedBoardNamingTheProvidersItHas() throws Exception {
        try (InputStream in = PiJarIT.class.getResourceAsStream("/org/healbms/io/board/emulated-4s.board.yaml")) {
            Files.copy(in, dir.resolve("board.yaml"));
        }
        Files.writeString(dir.resolve("firmware.yaml"), "format: healbms-firmware\nformat_version: 1\nboard: board.yaml\n"
                + "state_dir: state\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", PI_JAR.toAbsolutePath().toString(), "org.healbms.deploy.PiMain", "run",
                "--config", dir.resolve("firmware.yaml").toString(), "--duration", "1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(dir.resolve("out.log"));
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out).contains("healbms run: board ").contains("needs platform 'emulated'")
                .contains("no provider on the class path offers (found: pi4j)");
    }
}
