package org.healbms.firmware.can;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.pack.CurrentLimits;
import org.healbms.core.pack.MeasuredCells;
import org.healbms.core.pack.PackState;
import org.healbms.core.pack.StateOfPower;
import org.healbms.core.protection.CellLimits;
import org.healbms.core.protection.FaultId;
import org.healbms.core.protection.Severity;
import org.healbms.drivers.bus.CanFrame;
import org.healbms.drivers.canbms.BmsCanEncoder;
import org.healbms.drivers.canbms.BmsCanVariant;
import org.healbms.io.cell.CellParameterFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits the inverter is told in each pack state, from the state of power through the tick's figures
 * to the bytes of 0x351 and 0x35C, and the pack current of 0x356 both ways, worked out by hand from the
 * protocol's descriptions (docs/can.md): 0x351 CVL u16 0.1 V, CCL and DCL s16 0.1 A, DVL u16 0.1 V, low
 * byte first (S4 "BMS Protocol CAN Hybrid V1.0", S5 REC's Sunny Island table, S1 diyBMS
 * victron_canbus.cpp); 0x35C bit 7 charge enable, bit 6 discharge enable (S1, S3 Battery-Emulator
 * PYLON-LV-CAN.cpp); 0x356 s16 0.01 V, 0.1 A positive on charge, 0.1 degC (S1, S2 bsc_fw, S6 Safiery).
 *
 * <p>The pack: 4 NCR18650PF cells at SoC 0.5 and 25 degC, where the datasheet's 1.45 A charge and 10 A
 * discharge bind (the cell model would allow more). Each cell reads 3.7 V, the pack 14.8 V: CVL is the
 * pack plus the fullest cell's headroom, 14.8 + 0.5 = 15.3 V = 153 = 0x0099 (below 4 x 4.2 V = 16.8 V);
 * DVL the pack minus the emptiest cell's room above 2.5 V, 14.8 - 1.2 = 13.6 V = 136 = 0x0088.
 */
class PackFiguresTest {

    private static final CellLimits LIMITS = CellLimits.ncr18650pf();
    private static final double[] SOCS = {0.5, 0.5, 0.5, 0.5};
    private static final double[] TEMPERATURES = {25, 25, 25, 25};

    @TempDir
    Path dir;

    private CellParameters cell;

    @BeforeEach
    void bundledCell() throws Exception {
        Path file = dir.resolve("cell.json");
        try (InputStream in =
                PackFiguresTest.class.getResourceAsStream("/org/healbms/io/cell/NCR18650PF_25degC.cell.json")) {
            Files.write(file, in.readAllBytes());
        }
        cell = CellParameterFile.read(file).parameters();
    }

    /** The state of power in {@code state}, long enough after the start that its slow rise is over. */
    private CurrentLimits stateOfPower(PackState state) {
        StateOfPower sop = new StateOfPower(LIMITS, cell);
        sop.step(SOCS, TEMPERATURES, null, MeasuredCells.NONE, state, 0);
        sop.step(SOCS, TEMPERATURES, null, MeasuredCells.NONE, state, 100);
        return sop.limits();
    }

    private static List<CanFrame> frames(
            PackState state, CurrentLimits limits, double currentA, Map<FaultId, Severity> faults) {
        PackFigures figures = new PackFigures(
                state, limits, SOCS, new double[] {3.0, 3.0, 3.0, 3.0}, 14.8, currentA, 3.7, 3.7, 27.0, faults);
        return new BmsCanEncoder(BmsCanVariant.VICTRON)
                .encode(figures.report(LIMITS, 4, 3.0, BmsCanVariant.VICTRON.manufacturer()), 0);
    }

    private static String bytes(List<CanFrame> frames, int id) {
        CanFrame f = frames.stream().filter(x -> x.id() == id).findFirst().orElseThrow();
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(f.data());
    }

    /**
     * NORMAL: CVL 153 = 0x0099; CCL 1.45 A is 14 tenths rounded towards safe = 0x000E; DCL 10.0 A = 100
     * = 0x0064; DVL 136 = 0x0088. Both enabled: 0xC0.
     */
    @Test
    void normalSendsTheDatasheetLimitsWithBothEnabled() {
        CurrentLimits limits = stateOfPower(PackState.NORMAL);
        assertThat(limits.chargeA()).isEqualTo(1.45);
        assertThat(limits.dischargeA()).isEqualTo(10.0);
        List<CanFrame> frames = frames(PackState.NORMAL, limits, 1.3, Map.of());
        assertThat(bytes(frames, 0x351)).isEqualTo("99 00 0E 00 64 00 88 00");
        assertThat(bytes(frames, 0x35C)).isEqualTo("C0 00");
    }

    /**
     * DERATED: half of each (the state of power's derated fraction): CCL 0.725 A = 7 tenths = 0x0007,
     * DCL 5.0 A = 50 = 0x0032, the voltages unchanged; still both enabled.
     */
    @Test
    void deratedSendsHalfTheCurrentsWithBothEnabled() {
        CurrentLimits limits = stateOfPower(PackState.DERATED);
        assertThat(limits.chargeA()).isEqualTo(0.725);
        assertThat(limits.dischargeA()).isEqualTo(5.0);
        List<CanFrame> frames =
                frames(PackState.DERATED, limits, 1.3, Map.of(FaultId.CHARGE_UNDERTEMPERATURE, Severity.DERATE));
        assertThat(bytes(frames, 0x351)).isEqualTo("99 00 07 00 32 00 88 00");
        assertThat(bytes(frames, 0x35C)).isEqualTo("C0 00");
    }

    /**
     * FAULT: charge and discharge current limits 0 (0x0000 each), the voltage limits kept (a CVL of 0 V
     * would read as over-voltage), nothing enabled: 0x00.
     */
    @Test
    void faultSendsBothCurrentLimitsZeroAndNothingEnabled() {
        CurrentLimits limits = stateOfPower(PackState.FAULT);
        assertThat(limits.chargeA()).isZero();
        assertThat(limits.dischargeA()).isZero();
        List<CanFrame> frames =
                frames(PackState.FAULT, limits, 0, Map.of(FaultId.CELL_OVERVOLTAGE, Severity.OPEN_CONTACTORS));
        assertThat(bytes(frames, 0x351)).isEqualTo("99 00 00 00 00 00 88 00");
        assertThat(bytes(frames, 0x35C)).isEqualTo("00 00");
    }

    /**
     * 0x356 from the tick's figures: 14.8 V = 1480 = 0x05C8; a 1.3 A charge = +13 = 0x000D, a 2.0 A
     * discharge = -20 = 0xFFEC (two's complement); the hottest cell's 27.0 degC = 270 = 0x010E.
     */
    @Test
    void thePackCurrentGoesOutPositiveOnChargeAndNegativeOnDischarge() {
        CurrentLimits limits = stateOfPower(PackState.NORMAL);
        assertThat(bytes(frames(PackState.NORMAL, limits, 1.3, Map.of()), 0x356))
                .isEqualTo("C8 05 0D 00 0E 01");
        assertThat(bytes(frames(PackState.NORMAL, limits, -2.0, Map.of()), 0x356))
                .isEqualTo("C8 05 EC FF 0E 01");
    }
}
