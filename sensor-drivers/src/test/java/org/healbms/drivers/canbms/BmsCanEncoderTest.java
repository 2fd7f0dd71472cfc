package org.healbms.drivers.canbms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.healbms.core.protection.FaultId;
import org.healbms.core.protection.Severity;
import org.healbms.drivers.bus.CanFrame;
import org.junit.jupiter.api.Test;

/**
 * Every frame's bytes against values worked out by hand from the public descriptions (docs/can.md
 * names them): the REC/SMA and "BMS Protocol CAN Hybrid V1.0" tables (0x351 u16/s16 0.1 V and A,
 * little-endian), diyBMS's pylon_canbus.cpp and victron_canbus.cpp (whose comments give example bytes),
 * bsc_fw's Canbus.cpp and Battery-Emulator's PYLON-LV-CAN.cpp.
 */
class BmsCanEncoderTest {

    private static final long T = 123_456_789L;

    private static PackReport report(
            double ccl,
            double dcl,
            double soc,
            double voltage,
            double current,
            double temp,
            Set<FaultClass> alarms,
            Set<FaultClass> warnings,
            boolean charge,
            boolean discharge,
            boolean force) {
        return new PackReport(
                55.2, ccl, dcl, 48.0, soc, 1.0, voltage, current, temp, alarms, warnings, true, charge, discharge,
                force, "HealBMS", 0x0102, 100);
    }

    private static PackReport normal() {
        return report(50, 100, 0.26, 49.42, 77.0, 128.4, Set.of(), Set.of(), true, true, false);
    }

    private static String bytes(List<CanFrame> frames, int id) {
        CanFrame f = frames.stream().filter(x -> x.id() == id).findFirst().orElseThrow();
        assertThat(f.timestampNanos()).isEqualTo(T);
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(f.data());
    }

    private static List<CanFrame> victron(PackReport r) {
        return new BmsCanEncoder(BmsCanVariant.VICTRON).encode(r, T);
    }

    private static List<CanFrame> pylon(PackReport r) {
        return new BmsCanEncoder(BmsCanVariant.PYLONTECH).encode(r, T);
    }

    /** CVL 55.2 V = 552 = 0x0228, CCL 50 A = 0x01F4, DCL 100 A = 0x03E8, DVL 48.0 V = 0x01E0, low byte first. */
    @Test
    void limitsAreTenthsOfVoltsAndAmperesLittleEndian() {
        assertThat(bytes(victron(normal()), 0x351)).isEqualTo("28 02 F4 01 E8 03 E0 01");
        assertThat(bytes(pylon(normal()), 0x351)).isEqualTo("28 02 F4 01 E8 03 E0 01");
    }

    /** Derated: the state of power's halves; fault: both currents 0, the voltages stay (0 V reads as over-voltage). */
    @Test
    void limitsAtEachPackState() {
        PackReport derated =
                report(25, 50, 0.5, 50, 0, 25, Set.of(), Set.of(FaultClass.LOW_TEMPERATURE_CHARGE), true, true, false);
        assertThat(bytes(victron(derated), 0x351)).isEqualTo("28 02 FA 00 F4 01 E0 01");
        PackReport fault = report(0, 0, 0.5, 50, 0, 25, Set.of(FaultClass.HIGH_VOLTAGE), Set.of(), false, false, false);
        assertThat(bytes(victron(fault), 0x351)).isEqualTo("28 02 00 00 00 00 E0 01");
        assertThat(bytes(victron(fault), 0x35C)).isEqualTo("00 00");
    }

    /** Limits round towards safe: 1.45 A of charge is 1.4 A (not 1.5), a 10.05 V floor is 10.1 V (not 10.0). */
    @Test
    void limitsRoundTowardsTheSafeSide() {
        PackReport r = new PackReport(
                16.8, 1.45, 9.99, 10.05, 0.5, 1, 14.8, 0, 25, Set.of(), Set.of(), true, true, true, false, "HealBMS", 1,
                3);
        // 168 = 0x00A8, 14 = 0x000E, 99 = 0x0063, 101 = 0x0065.
        assertThat(bytes(victron(r), 0x351)).isEqualTo("A8 00 0E 00 63 00 65 00");
    }

    /** A negative limit (never meant) goes out as 0, and one beyond the field is held at its end, never wrapped. */
    @Test
    void limitsAreHeldToTheirFields() {
        PackReport odd = report(-5, 5000, 0.5, 50, 0, 25, Set.of(), Set.of(), true, true, false);
        assertThat(bytes(victron(odd), 0x351)).isEqualTo("28 02 00 00 FF 7F E0 01");
    }

    /** diyBMS pylon_canbus.cpp: "0x355 - 1A 00 64 00": SoC 26 %, SoH 100 %. */
    @Test
    void socAndSohArePercentAndVictronAddsHundredthsOfAPercent() {
        assertThat(bytes(pylon(normal()), 0x355)).isEqualTo("1A 00 64 00");
        PackReport r = new PackReport(
                55.2, 50, 100, 48, 0.5034, 0.97, 50, 0, 25, Set.of(), Set.of(), true, true, true, false, "HealBMS", 1,
                100);
        // 50 % = 0x32, 97 % = 0x61, 50.34 % = 5034 = 0x13AA.
        assertThat(bytes(victron(r), 0x355)).isEqualTo("32 00 61 00 AA 13");
    }

    /** diyBMS pylon_canbus.cpp: "0x356 - 4e 13 02 03 04 05": 49.42 V, 77.0 A, 128.4 degC. */
    @Test
    void measurementsAreHundredthsOfVoltsTenthsOfAmperesAndDegrees() {
        assertThat(bytes(victron(normal()), 0x356)).isEqualTo("4E 13 02 03 04 05");
    }

    /** Discharging is negative: 51.20 V = 0x1400, -12.3 A = -123 = 0xFF85, 25.0 degC = 0x00FA; -5.5 degC = 0xFFC9. */
    @Test
    void aDischargeCurrentAndAColdPackAreNegativeTwosComplement() {
        PackReport r = report(50, 100, 0.5, 51.2, -12.3, -5.5, Set.of(), Set.of(), true, true, false);
        assertThat(bytes(victron(r), 0x356)).isEqualTo("00 14 85 FF C9 FF");
        PackReport unknown = report(50, 100, 0.5, Double.NaN, Double.NaN, 25, Set.of(), Set.of(), true, true, false);
        assertThat(bytes(victron(unknown), 0x356)).isEqualTo("00 00 00 00 FA 00");
    }

    /**
     * 0x35A, two bits a class, 01 active and 10 OK (diyBMS's BIT23_ALARM = 0b100, bsc_fw's BB1_ALARM): all
     * OK is AA AA, byte 2 has charge current OK (10) and internal OK (10 at bits 6-7) with contactor and
     * short circuit unsupported (00): 0x82; byte 7 bits 2-3 system status online (10): 0x08.
     */
    @Test
    void victronAlarmsAreTwoBitStates() {
        assertThat(bytes(victron(normal()), 0x35A)).isEqualTo("AA AA 82 00 AA AA 82 08");
        PackReport over = report(
                0,
                0,
                0.5,
                50,
                0,
                25,
                Set.of(FaultClass.HIGH_VOLTAGE),
                Set.of(FaultClass.HIGH_CHARGE_CURRENT),
                false,
                false,
                false);
        // Alarm byte 0: general 01, high voltage 01 << 2, low voltage 10 << 4, high temperature 10 << 6 = 0xA5.
        // Warning byte 6: high charge current 01, internal 10 << 6 = 0x81; byte 4: general warning active 0xA9.
        assertThat(bytes(victron(over), 0x35A)).isEqualTo("A5 AA 82 00 A9 AA 81 08");
    }

    /** diyBMS: "0x359 - 00 00 00 00 0A 50 4E" with ten modules; here one. Over-voltage is byte 0 bit 1. */
    @Test
    void pylontechAlarmsAreOneBitAClass() {
        assertThat(bytes(pylon(normal()), 0x359)).isEqualTo("00 00 00 00 01 50 4E 00");
        PackReport r = report(
                0,
                0,
                0.5,
                50,
                0,
                25,
                Set.of(FaultClass.HIGH_VOLTAGE, FaultClass.HIGH_CHARGE_CURRENT),
                Set.of(FaultClass.LOW_TEMPERATURE_CHARGE, FaultClass.BMS_INTERNAL),
                false,
                false,
                false);
        assertThat(bytes(pylon(r), 0x359)).isEqualTo("02 01 10 08 01 50 4E 00");
        assertThat(pylon(r).stream().map(CanFrame::id)).doesNotContain(0x35A, 0x35F);
    }

    /** diyBMS "0x35C - C0 00"; Battery-Emulator PYLON-LV: 0xA0 charge enable with force charge, 0x40 discharge only. */
    @Test
    void requestFlags() {
        assertThat(bytes(pylon(normal()), 0x35C)).isEqualTo("C0 00");
        assertThat(bytes(pylon(report(5, 0, 0.01, 44, 0, 25, Set.of(), Set.of(), true, false, true)), 0x35C))
                .isEqualTo("A0 00");
        assertThat(bytes(pylon(report(0, 5, 1, 58, 0, 25, Set.of(), Set.of(), false, true, false)), 0x35C))
                .isEqualTo("40 00");
    }

    /** diyBMS: "0x35E - 50 59 4C 4F 4E 20 20 20" ("PYLON" and three spaces). */
    @Test
    void manufacturerIsEightAsciiCharacters() {
        PackReport pylonName = new PackReport(
                55.2,
                50,
                100,
                48,
                0.5,
                1,
                50,
                0,
                25,
                Set.of(),
                Set.of(),
                true,
                true,
                true,
                false,
                BmsCanVariant.PYLONTECH.manufacturer(),
                1,
                100);
        assertThat(bytes(pylon(pylonName), 0x35E)).isEqualTo("50 59 4C 4F 4E 20 20 20");
        assertThat(bytes(victron(normal()), 0x35E)).isEqualTo("48 65 61 6C 42 4D 53 20");
    }

    /** bsc_fw and diyBMS: model u16 (0, unused by Victron), firmware version u16, capacity u16 Ah. */
    @Test
    void identityCarriesFirmwareVersionAndCapacity() {
        assertThat(bytes(victron(normal()), 0x35F)).isEqualTo("00 00 02 01 64 00");
    }

    @Test
    void everyFrameIsElevenBitAndAtMostEightBytes() {
        for (List<CanFrame> frames : List.of(victron(normal()), pylon(normal()))) {
            assertThat(frames).allSatisfy(f -> assertThat(f.id()).isBetween(0x351, 0x35F));
        }
        assertThat(victron(normal()).stream().map(CanFrame::id))
                .containsExactly(0x351, 0x355, 0x356, 0x35A, 0x35C, 0x35E, 0x35F);
    }

    @Test
    void diagnosesMapToTheirClassesBySeverity() {
        Map<FaultId, Severity> active = Map.of(
                FaultId.CELL_OVERVOLTAGE,
                Severity.OPEN_CONTACTORS,
                FaultId.CHARGE_UNDERTEMPERATURE,
                Severity.DERATE,
                FaultId.LOW_MEMORY,
                Severity.WARNING);
        assertThat(FaultClass.alarms(active)).containsExactly(FaultClass.HIGH_VOLTAGE);
        assertThat(FaultClass.warnings(active))
                .containsExactlyInAnyOrder(FaultClass.LOW_TEMPERATURE_CHARGE, FaultClass.BMS_INTERNAL);
        for (FaultId id : FaultId.values()) {
            assertThat(FaultClass.of(id)).isNotNull();
        }
    }
}
