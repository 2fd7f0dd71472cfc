package org.healbms.io.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.healbms.core.pack.Contactor;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.drivers.board.DeviceDescription;
import org.healbms.drivers.canbms.BmsCanVariant;
import org.healbms.drivers.hyperion.FbgDevice;
import org.healbms.drivers.hyperion.Grating;
import org.healbms.drivers.ltc681x.CellInput;
import org.healbms.drivers.ntc.ThermistorChannel;
import org.healbms.io.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardFileTest {

    @TempDir
    Path dir;

    private Path shipped() throws Exception {
        Path file = dir.resolve("emulated-4s.board.yaml");
        try (InputStream in = BoardFile.class.getResourceAsStream("emulated-4s.board.yaml")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void readsTheShippedExampleWithEveryField() throws Exception {
        BoardDescription board = BoardFile.read(shipped());
        assertThat(board.name()).isEqualTo("dev-4s");
        assertThat(board.platform()).isEqualTo("emulated");
        assertThat(board.tickPeriod()).isEqualTo(Duration.ofMillis(100));
        assertThat(board.cells()).isEqualTo(4);
        assertThat(board.devices())
                .extracting(DeviceDescription::id)
                .containsExactly("cellmon", "current", "temperatures", "strain", "fbg", "shunt", "eis");
        var current = (DeviceDescription.CurrentMonitor) board.devices().get(1);
        assertThat(current.i2c().address()).isEqualTo(0x40); // written in hex
        assertThat(current.shuntOhm()).isEqualTo(0.0005);
        var cells = (DeviceDescription.CellMonitor) board.devices().get(0);
        assertThat(cells.cells()).extracting(CellInput::input).containsExactly(1, 2, 3, 4);
        var ntc = (DeviceDescription.ThermistorAdc) board.devices().get(2);
        assertThat(ntc.channels()).extracting(ThermistorChannel::name).contains("cell 3 surface");
        assertThat(ntc.period()).isEqualTo(Duration.ofSeconds(1));
        var fbg = (DeviceDescription.FbgInterrogator) board.devices().get(4);
        assertThat(fbg.gratings()).extracting(Grating::reference).containsExactly(false, true);
        assertThat(fbg.gratings().get(1).calibration().pmPerK()).isEqualTo(10.3);
        assertThat(fbg.gratings().get(1).calibration().pmPerMicrostrain()).isZero();
        assertThat(fbg.gratings().get(0).calibration().pmPerMicrostrain()).isEqualTo(1.2);
        assertThat(board.can()).isEqualTo(new BoardDescription.CanPort("can0", 500_000, BmsCanVariant.VICTRON));
    }

    @Test
    void theCanInterfaceIsCheckedWithItsLine() throws Exception {
        String shipped = Files.readString(shipped());
        String line = "can: {interface: can0, bitrate: 500000, protocol: victron}";
        assertThat(shipped).contains(line);
        Path board = dir.resolve("can.board.yaml");
        Files.writeString(board, shipped.replace(line, "can: {interface: vcan0, protocol: pylontech}"));
        assertThat(BoardFile.read(board).can())
                .isEqualTo(new BoardDescription.CanPort("vcan0", 500_000, BmsCanVariant.PYLONTECH));
        Files.writeString(board, shipped.replace(line, "can: {interface: 'can 0', bitrate: 250000, protocol: sma}"));
        assertThatThrownBy(() -> BoardFile.read(board))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(p -> assertThat(p).contains("can.interface: 'can 0' is not"))
                                .anySatisfy(p ->
                                        assertThat(p).contains("can.bitrate: 250000 bit/s: the CAN-bus BMS protocol"))
                                .anySatisfy(p -> assertThat(p).contains("can.protocol")));
        Files.writeString(board, shipped.replace(line, ""));
        assertThat(BoardFile.read(board).can()).isNull();
    }

    @Test
    void reportsEveryProblemWithItsLineAndEntry() throws Exception {
        String text = Files.readString(shipped())
                .replace("address: 0x40", "address: 0x90") // not an INA228 address
                .replace(
                        "{input: 3, name: cell 4 surface",
                        "{input: 5, name: cell 3 surface") // bad input, twice-used name
                .replace("      - {cell: 4, ic: 0, input: 4, gain: 1.0, offset_v: 0.0}\n", "") // cell 4 unwired
                .replace("bridge: quarter", "bridge: quater")
                .replace("period_ms: 1000", "period_ms: fast")
                .replace("role: reference, pm_per_k: 10.3", "role: loose, pm_per_k: 400")
                .replace("platform: emulated", "platform: Raspberry Pi");
        Path bad = dir.resolve("bad.board.yaml");
        Files.writeString(bad, text);
        assertThatThrownBy(() -> BoardFile.read(bad)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.getMessage()).startsWith(bad.toString());
            assertThat(e.problems())
                    .anySatisfy(
                            p -> assertThat(p)
                                    .matches(
                                            "line 2[0-9]: devices\\[1\\] \\(current\\)\\.i2c\\.address: 144 is outside 64 \\.\\. 79"));
            assertThat(e.problems())
                    .anySatisfy(
                            p -> assertThat(p)
                                    .matches(
                                            "line 4[0-9]: devices\\[2\\] \\(temperatures\\)\\.channels\\[3\\]\\.input: 5 is outside 0 \\.\\. 3"));
            assertThat(e.problems())
                    .anySatisfy(p ->
                            assertThat(p).contains("channels[3].name: 'cell 3 surface' names another channel too"));
            assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("cell 4 of 4 is not wired"));
            assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p)
                            .contains("devices[3] (strain).bridge: 'quater' is not one of quarter, half, full"));
            assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p)
                            .contains("devices[2] (temperatures).period_ms: must be a whole number, got 'fast'"));
            assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p)
                            .contains("devices[4] (fbg).gratings[1].role: must be bonded")
                            .contains("got 'loose'"));
            assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p).contains("devices[4] (fbg).gratings[1].pm_per_k: 400"));
            assertThat(e.problems())
                    .anySatisfy(p ->
                            assertThat(p).matches("line [0-9]+: platform: 'Raspberry Pi' is not a platform name .*"));
        });
    }

    /** Two paired gratings on a cell: the 2x2 method, if their sensitivities differ enough. */
    @Test
    void pairedGratingsOnACellMustBeTellableApart() throws Exception {
        String reference =
                "{channel: 1, name: cell 2 fbg reference, cell: 2, nominal_nm: 1550.0, role: reference, pm_per_k: 10.3}";
        String shipped = Files.readString(shipped());
        assertThat(shipped).contains(reference);
        String bonded = "{channel: 1, name: cell 2 fbg strain, cell: 2,";
        assertThat(shipped).contains(bonded);
        String pairedShipped = shipped.replace(bonded, bonded + " role: paired,");
        Path coated = dir.resolve("coated.board.yaml");
        Files.writeString(
                coated,
                pairedShipped.replace(
                        reference,
                        "{channel: 1, name: cell 2 fbg coated, cell: 2, nominal_nm: 1550.0, role: paired, pm_per_k: 28.0,"
                                + " pm_per_microstrain: 0.9}"));
        var fbg = (DeviceDescription.FbgInterrogator)
                BoardFile.read(coated).devices().get(4);
        assertThat(FbgDevice.pairs(fbg.gratings())).containsExactly(new FbgDevice.DecoupledCell(2, 0, 1, false));

        Path alike = dir.resolve("alike.board.yaml");
        Files.writeString(
                alike,
                pairedShipped.replace(
                        reference,
                        "{channel: 1, name: cell 2 fbg second, cell: 2, nominal_nm: 1550.0, role: paired, pm_per_k: 10.1}"));
        assertThatThrownBy(() -> BoardFile.read(alike))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(
                                        p -> assertThat(p)
                                                .contains(
                                                        "devices[4] (fbg).gratings[1].pm_per_k: cell 2's paired gratings have nearly the same")));

        // Two bare bonded gratings on one cell (strain at two points) are not a pair: no problem, no decoupling.
        Path twoPoints = dir.resolve("points.board.yaml");
        Files.writeString(
                twoPoints,
                shipped.replace(reference, "{channel: 1, name: cell 2 fbg second, cell: 2, nominal_nm: 1550.0}"));
        var points = (DeviceDescription.FbgInterrogator)
                BoardFile.read(twoPoints).devices().get(4);
        assertThat(FbgDevice.pairs(points.gratings())).isEmpty();

        Path lonely = dir.resolve("lonely.board.yaml");
        Files.writeString(lonely, pairedShipped);
        assertThatThrownBy(() -> BoardFile.read(lonely))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(
                                        p -> assertThat(p)
                                                .contains(
                                                        "gratings[0].role: cell 2 has 1 paired gratings; the 2x2 method reads exactly two")));

        Path otherTemperature = dir.resolve("other.board.yaml");
        Files.writeString(
                otherTemperature,
                pairedShipped.replace(
                        reference,
                        "{channel: 1, name: cell 2 fbg coated, cell: 2, nominal_nm: 1550.0, role: paired, pm_per_k: 28.0,"
                                + " pm_per_microstrain: 0.9, reference_degc: 20.0}"));
        assertThatThrownBy(() -> BoardFile.read(otherTemperature))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(
                                        p -> assertThat(p)
                                                .contains(
                                                        "gratings[1].reference_degc: cell 2's paired gratings are referred to different temperatures (25.0 and 20.0)")));
    }

    /** The heater example the shipped board documents, uncommented, reads as written. */
    @Test
    void heatersCarryTheirPower() throws Exception {
        String shipped = Files.readString(shipped());
        String example = "# heaters:\n#   - {cell: 1, pwm_channel: 0, frequency_hz: 1000, power_w: 8.0}\n";
        assertThat(shipped).contains(example);
        Path heated = dir.resolve("heated.board.yaml");
        Files.writeString(
                heated,
                shipped.replace(
                        example,
                        "heaters:\n  - {cell: 1, pwm_channel: 0, frequency_hz: 1000, power_w: 8.0}\n"
                                + "  - {cell: 2, pwm_channel: 1}\n"));
        assertThat(BoardFile.read(heated).heaters())
                .containsExactly(
                        new BoardDescription.HeaterOutput(1, 0, 1000, 8.0),
                        new BoardDescription.HeaterOutput(2, 1, 1000, 0.0));
        Files.writeString(heated, shipped.replace(example, "heaters:\n  - {cell: 1, pwm_channel: 0, power_w: -3}\n"));
        assertThatThrownBy(() -> BoardFile.read(heated))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(p -> assertThat(p).contains("heaters[0].power_w: -3")));
    }

    /** A channel past the board's outputs is refused: an emulated board has one per cell, a Pi its four hardware PWM channels. */
    @Test
    void aHeaterChannelPastTheBoardsOutputsIsRefused() throws Exception {
        String shipped = Files.readString(shipped());
        String example = "# heaters:\n#   - {cell: 1, pwm_channel: 0, frequency_hz: 1000, power_w: 8.0}\n";
        Path heated = dir.resolve("channels.board.yaml");
        Files.writeString(heated, shipped.replace(example, "heaters:\n  - {cell: 4, pwm_channel: 3}\n"));
        assertThat(BoardFile.read(heated).heaters())
                .extracting(BoardDescription.HeaterOutput::pwmChannel)
                .containsExactly(3);
        Files.writeString(heated, shipped.replace(example, "heaters:\n  - {cell: 4, pwm_channel: 4}\n"));
        assertThatThrownBy(() -> BoardFile.read(heated))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(p -> assertThat(p).contains("heaters[0].pwm_channel")));
        String pi = shipped.replace(example, "heaters:\n  - {cell: 4, pwm_channel: 3}\n")
                .replaceFirst("platform: emulated", "platform: pi4j");
        Files.writeString(heated, pi);
        assertThat(BoardFile.read(heated).heaters()).hasSize(1);
    }

    /** The shipped board names its contactors' feedback pins; a pin named twice or none at all is refused. */
    @Test
    void contactorFeedbackNamesItsPins() throws Exception {
        Path file = shipped();
        String shipped = Files.readString(file);
        BoardDescription board = BoardFile.read(file);
        assertThat(board.contactorFeedback().inputs())
                .containsExactly(
                        Map.entry(Contactor.MAIN_NEGATIVE, 5),
                        Map.entry(Contactor.PRECHARGE, 6),
                        Map.entry(Contactor.MAIN_POSITIVE, 13));
        assertThat(board.contactorFeedback().closedHigh()).isFalse();
        String line = "contactor_feedback: {negative_gpio: 5, precharge_gpio: 6, positive_gpio: 13, closed_level: low}";
        assertThat(shipped).contains(line);
        Path changed = dir.resolve("feedback.board.yaml");
        Files.writeString(
                changed, shipped.replace(line, "contactor_feedback: {positive_gpio: 26, closed_level: high}"));
        board = BoardFile.read(changed);
        assertThat(board.contactorFeedback().inputs()).containsExactly(Map.entry(Contactor.MAIN_POSITIVE, 26));
        assertThat(board.contactorFeedback().closedHigh()).isTrue();
        Files.writeString(changed, shipped.replace(line, "contactor_feedback: {negative_gpio: 5, positive_gpio: 5}"));
        assertThatThrownBy(() -> BoardFile.read(changed))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(p -> assertThat(p)
                                        .contains(
                                                "contactor_feedback.positive_gpio: GPIO 5 is negative_gpio already")));
        Files.writeString(changed, shipped.replace(line, "contactor_feedback: {closed_level: sideways}"));
        assertThatThrownBy(() -> BoardFile.read(changed))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(p -> assertThat(p).contains("contactor_feedback: names no input"))
                                .anySatisfy(p -> assertThat(p).contains("'sideways' is not one of low, high")));
        Files.writeString(changed, shipped.replace(line, ""));
        assertThat(BoardFile.read(changed).contactorFeedback()).isEqualTo(BoardDescription.ContactorFeedback.NONE);
    }

    @Test
    void refusesBrokenYamlAndTyposWithTheirLine() throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "format: healbms-board\nname: [unclosed\n");
        assertThatThrownBy(() -> BoardFile.read(broken))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("not valid YAML");
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, Files.readString(shipped()).replace("tick_ms:", "tick_msec:"));
        assertThatThrownBy(() -> BoardFile.read(typo))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 7: tick_msec: unknown field");
    }
}
