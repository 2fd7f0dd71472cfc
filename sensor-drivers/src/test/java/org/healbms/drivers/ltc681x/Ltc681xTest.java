package org.healbms.drivers.ltc681x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.healbms.drivers.ltc681x.ScriptedChain.block;
import static org.healbms.drivers.ltc681x.ScriptedChain.codes;
import static org.healbms.drivers.ltc681x.ScriptedChain.hex;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.healbms.drivers.bus.BusException;
import org.junit.jupiter.api.Test;

/** The bytes the driver sends to a chain and how it decodes the fact-sheet replies. */
class Ltc681xTest {

    private static final byte[] RDCVA_REPLY = hex("E8 80 94 8E 06 A4 2B AA");
    private static final byte[] CLEARED = hex("FF FF FF FF FF FF 66 4C");
    /** ADOW at 7 kHz, all cells: PUP = 1 and PUP = 0, with their PEC (fact sheet frame table). */
    private static final String ADOW_PULL_UP = "03 68 1C 62";

    private static final String ADOW_PULL_DOWN = "03 28 FB E8";
    /** 3.0 V in cell-register codes (two cells in series, 6.0 V, still fit the 16-bit register). */
    private static final int V = 30_000;

    private final ScriptedChain chain = new ScriptedChain();
    private final VirtualTime time = new VirtualTime();

    private Ltc681x driver(Ltc681xVariant variant, int ics) {
        return new Ltc681x(chain, new ChainSettings(variant, ics, AdcMode.KHZ_7, 1_000_000), time);
    }

    @Test
    void firstUseWakesEachIcWithA300MicrosecondPulse() throws BusException {
        driver(Ltc681xVariant.LTC6811, 2)
                .writeConfiguration(List.of(IcConfiguration.of(3.0, 4.2), IcConfiguration.of(3.0, 4.2)));

        // 300 us at 1 MHz = 37.5 bytes, rounded up; one pulse per IC before the first frame.
        assertThat(chain.transfers()).hasSize(3);
        for (byte[] pulse : chain.transfers().subList(0, 2)) {
            assertThat(pulse).hasSize(38).containsOnly(0xFF);
        }
    }

    @Test
    void slowerClockNeedsFewerPulseBytes() throws BusException {
        new Ltc681x(chain, new ChainSettings(Ltc681xVariant.LTC6811, 1, AdcMode.KHZ_7, 100_000), time).wakeUp();

        assertThat(chain.transfers().getFirst()).hasSize(4);
    }

    @Test
    void factSheetWrcfgaFrame() throws BusException {
        driver(Ltc681xVariant.LTC6811, 1).writeConfiguration(List.of(IcConfiguration.of(3.0, 4.2)));

        assertThat(chain.frames()).singleElement().isEqualTo(hex("00 01 3D 6E FC 52 17 A4 00 00 07 A0"));
    }

    @Test
    void writeSendsTheLastIcFirst() throws BusException {
        IcConfiguration near = IcConfiguration.of(3.0, 4.2);
        IcConfiguration far = IcConfiguration.of(3.0, 4.2).withDischarge(1);

        driver(Ltc681xVariant.LTC6811, 2).writeConfiguration(List.of(near, far));

        byte[] frame = chain.frames().getFirst();
        assertThat(frame).hasSize(4 + 2 * 8);
        assertThat(Arrays.copyOfRange(frame, 4, 12)).isEqualTo(block(0xFC, 0x52, 0x17, 0xA4, 0x01, 0x00));
        assertThat(Arrays.copyOfRange(frame, 12, 20)).isEqualTo(hex("FC 52 17 A4 00 00 07 A0"));
    }

    @Test
    void ltc6813AlsoWritesGroupB() throws BusException {
        driver(Ltc681xVariant.LTC6813, 1)
                .writeConfiguration(List.of(IcConfiguration.of(3.0, 4.2).withDischarge(18)));

        assertThat(chain.commands()).containsExactly("00 01 3D 6E", "00 24 " + pecHex(0x024));
        assertThat(Arrays.copyOfRange(chain.frames().get(1), 4, 12)).isEqualTo(block(0x0F, 0x02, 0, 0, 0, 0));
    }

    @Test
    void measureClearsConvertsWaitsPollsAndReadsEveryGroup() throws BusException {
        chain.reply(RegisterGroup.CVA, RDCVA_REPLY, codes(1, 2, 3))
                .reply(RegisterGroup.CVB, codes(33_000, 33_001, 33_002), codes(4, 5, 6))
                .reply(RegisterGroup.CVC, CLEARED, codes(7, 8, 9))
                .reply(RegisterGroup.CVD, codes(0, 1, 65_534), codes(10, 11, 12));

        List<CellVoltages> cells = driver(Ltc681xVariant.LTC6811, 2).measureCellVoltages();

        assertThat(chain.commands())
                .containsExactly(
                        "07 11 C9 C0",
                        "03 60 F4 6C",
                        "07 14 F3 6C",
                        "00 04 07 C2",
                        "00 06 9A 94",
                        "00 08 5E 52",
                        "00 0A C3 04");
        assertThat(time.sleeps().getFirst()).isEqualTo(Duration.ofNanos(2_335_000));
        double[] volts = cells.getFirst().volts();
        assertThat(volts[0]).isCloseTo(3.3000, within(1e-9));
        assertThat(volts[1]).isCloseTo(3.6500, within(1e-9));
        assertThat(volts[2]).isCloseTo(4.1990, within(1e-9));
        assertThat(volts[3]).isCloseTo(3.3000, within(1e-9));
        assertThat(cells.getFirst().noData())
                .containsExactly(false, false, false, false, false, false, true, true, true, false, false, false);
        assertThat(volts[6]).isNaN();
        assertThat(cells.getFirst().complete()).isFalse();
        assertThat(cells.get(1).codes()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    @Test
    void pollsPladcUntilTheChainIsDone() throws BusException {
        chain.reply(RegisterGroup.CVA, RDCVA_REPLY)
                .reply(RegisterGroup.CVB, RDCVA_REPLY)
                .reply(RegisterGroup.CVC, RDCVA_REPLY)
                .reply(RegisterGroup.CVD, RDCVA_REPLY)
                .busyFor(3);

        driver(Ltc681xVariant.LTC6811, 1).measureCellVoltages();

        assertThat(chain.commands().stream().filter("07 14 F3 6C"::equals)).hasSize(4);
    }

    @Test
    void aConversionThatNeverEndsIsABusFault() {
        chain.busyFor(Integer.MAX_VALUE);

        assertThatThrownBy(() -> driver(Ltc681xVariant.LTC6811, 1).measureCellVoltages())
                .isInstanceOf(BusException.class)
                .hasMessageContaining("spi-0.0")
                .hasMessageContaining("ADCV");
    }

    @Test
    void oneBadPecIsReadAgain() throws BusException {
        byte[] flipped = RDCVA_REPLY.clone();
        flipped[2] ^= 0x10;
        chain.reply(RegisterGroup.CVA, RDCVA_REPLY, flipped)
                .reply(RegisterGroup.CVA, RDCVA_REPLY, RDCVA_REPLY)
                .reply(RegisterGroup.CVB, RDCVA_REPLY, RDCVA_REPLY)
                .reply(RegisterGroup.CVC, RDCVA_REPLY, RDCVA_REPLY)
                .reply(RegisterGroup.CVD, RDCVA_REPLY, RDCVA_REPLY);

        List<CellVoltages> cells = driver(Ltc681xVariant.LTC6811, 2).readCellVoltages();

        assertThat(chain.commands().stream().filter("00 04 07 C2"::equals)).hasSize(2);
        assertThat(cells.get(1).volts()[1]).isCloseTo(3.65, within(1e-9));
    }

    @Test
    void aPecThatFailsTwiceIsABusExceptionNamingIcAndGroup() {
        byte[] flipped = RDCVA_REPLY.clone();
        flipped[7] ^= 0x02;
        chain.reply(RegisterGroup.CVA, RDCVA_REPLY, flipped);

        assertThatThrownBy(() -> driver(Ltc681xVariant.LTC6811, 2).readCellVoltages())
                .isInstanceOf(BusException.class)
                .hasMessageContaining("spi-0.0")
                .hasMessageContaining("IC [1]")
                .hasMessageContaining("CVA");
    }

    @Test
    void silentChainFailsPec() {
        // Nothing answers: every byte reads 0xFF, and FF FF is not the PEC of six 0xFF bytes (66 4C).
        assertThatThrownBy(() -> driver(Ltc681xVariant.LTC6811, 2).readConfiguration())
                .isInstanceOf(BusException.class)
                .hasMessageContaining("IC [0, 1]")
                .hasMessageContaining("CFGA");
    }

    @Test
    void statusDecodesDieTemperatureAndSumPerVariant() throws BusException {
        chain.reply(RegisterGroup.STATA, block(0x10, 0x27, 0x4E, 0x57, 0x50, 0xC3));

        CellMonitorStatus ltc6811 =
                driver(Ltc681xVariant.LTC6811, 1).measureStatus().getFirst();

        assertThat(chain.commands()).containsSubsequence("05 68 3B AE", "00 10 ED 72");
        assertThat(ltc6811.dieTemperatureCelsius()).isCloseTo(25.0, within(1e-9));
        assertThat(ltc6811.dieTemperatureCode()).isEqualTo(0x574E);
        assertThat(ltc6811.sumOfCellsVolts()).isCloseTo(10_000 * 0.002, within(1e-9));
        assertThat(ltc6811.analogSupplyVolts()).isCloseTo(5.0, within(1e-9));
        assertThat(Ltc681xVariant.LTC6813.sumOfCellsVolts(10_000)).isCloseTo(30.0, within(1e-9));
        assertThat(Ltc681xVariant.LTC6813.dieTemperatureCelsius(0x574E)).isCloseTo(2.2350 / 0.0076 - 276, within(1e-9));
    }

    @Test
    void auxReadsGpiosAndReference() throws BusException {
        chain.reply(RegisterGroup.AUXA, codes(10_000, 20_000, 0xFFFF))
                .reply(RegisterGroup.AUXB, codes(15_000, 25_000, 30_000));

        AuxVoltages aux = driver(Ltc681xVariant.LTC6811, 1).measureAuxVoltages().getFirst();

        assertThat(chain.commands()).containsSubsequence("05 60 D3 A0", "00 0C EF CC");
        assertThat(aux.gpioVolts()).containsExactly(new double[] {1.0, 2.0, Double.NaN, 1.5, 2.5}, within(1e-9));
        assertThat(aux.gpioNoData()).containsExactly(false, false, true, false, false);
        assertThat(aux.referenceVolts()).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void openWireRunsAdowTwicePerDirectionAndFindsTheOpenInput() throws BusException {
        // IC 0: C4 open -> pull-up drags C4 to C5 (cell 5 ~ 0), pull-down drags it to C3 (cell 5 = 2 cells).
        // IC 1: C0 open (PU(1) = 0) and C12 open (PD(12) = 0). The confirming check finds the same.
        for (int check = 0; check < 2; check++) {
            scriptOpenWireCheck(codes(0, V, V), codes(0, 2 * V, V), codes(V, V, 0));
        }

        List<OpenWireResult> results = driver(Ltc681xVariant.LTC6811, 2).checkOpenWires();

        assertThat(chain.commands().stream().filter(ADOW_PULL_UP::equals)).hasSize(4);
        assertThat(chain.commands().stream().filter(ADOW_PULL_DOWN::equals)).hasSize(4);
        assertThat(chain.commands().indexOf(ADOW_PULL_DOWN))
                .isGreaterThan(chain.commands().indexOf(ADOW_PULL_UP) + 1);
        assertThat(chain.commands().subList(0, chain.commands().indexOf(ADOW_PULL_DOWN)).stream()
                        .filter(ADOW_PULL_UP::equals))
                .as("the first check: pull-up twice, then pull-down")
                .hasSize(2);
        assertThat(results.get(0).openInputs()).containsExactly(4);
        assertThat(results.get(1).openInputs()).containsExactly(0, 12);
        assertThat(results.get(0).allConnected()).isFalse();
    }

    @Test
    void anInputOpenInOneCheckOnlyIsNotReported() throws BusException {
        // The first check sees C4 "open" (cell 5 rose by 0.5 V between the halves); the second, C4 connected.
        scriptOpenWireCheck(codes(V, V, V), codes(V, V + 5_000, V), codes(V, V, V));
        scriptOpenWireCheck(codes(V, V, V), codes(V, V, V), codes(V, V, V));

        List<OpenWireResult> results = driver(Ltc681xVariant.LTC6811, 2).checkOpenWires();

        assertThat(chain.commands().stream().filter(ADOW_PULL_DOWN::equals)).hasSize(4);
        assertThat(results).allSatisfy(r -> assertThat(r.allConnected()).isTrue());
    }

    @Test
    void anOpenInputTheSecondCheckCannotJudgeStaysOpen() throws BusException {
        // Cell 5, which decides C4, reads no data in the second check: only a judgement of "connected" clears C4.
        scriptOpenWireCheck(codes(V, V, V), codes(V, V + 5_000, V), codes(V, V, V));
        scriptOpenWireCheck(codes(V, V, V), codes(V, 0xFFFF, V), codes(V, V, V));

        List<OpenWireResult> results = driver(Ltc681xVariant.LTC6811, 2).checkOpenWires();

        assertThat(results.get(0).openInputs()).containsExactly(4);
        assertThat(results.get(1).allConnected()).isTrue();
    }

    @Test
    void aHealthyChainIsCheckedOnce() throws BusException {
        scriptOpenWireCheck(codes(V, V, V), codes(V, V, V), codes(V, V, V));

        List<OpenWireResult> results = driver(Ltc681xVariant.LTC6811, 2).checkOpenWires();

        assertThat(chain.commands().stream().filter(ADOW_PULL_DOWN::equals)).hasSize(2);
        assertThat(results).allSatisfy(r -> assertThat(r.allConnected()).isTrue());
    }

    /**
     * Queues one open-wire check's reads: pull-up then pull-down, cells 1-12 of both ICs at {@link #V},
     * except IC 1's CVA in the pull-up half, IC 0's CVB in the pull-down half and IC 1's CVD in the
     * pull-down half, which are given.
     */
    private void scriptOpenWireCheck(byte[] ic1PullUpCva, byte[] ic0PullDownCvb, byte[] ic1PullDownCvd) {
        byte[] all = codes(V, V, V);
        chain.reply(RegisterGroup.CVA, all, ic1PullUpCva)
                .reply(RegisterGroup.CVB, all, all)
                .reply(RegisterGroup.CVC, all, all)
                .reply(RegisterGroup.CVD, all, all)
                .reply(RegisterGroup.CVA, all, all)
                .reply(RegisterGroup.CVB, ic0PullDownCvb, all)
                .reply(RegisterGroup.CVC, all, all)
                .reply(RegisterGroup.CVD, all, ic1PullDownCvd);
    }

    @Test
    void selfTestReportsTheIcWhosePatternIsWrong() throws BusException {
        int p1 = 0x9555;
        int p2 = 0x6AAA;
        chain.reply(RegisterGroup.CVA, codes(p1, p1, p1), codes(p1, p1, p1))
                .reply(RegisterGroup.CVB, codes(p1, p1, p1), codes(p1, p1 ^ 0x100, p1))
                .reply(RegisterGroup.CVC, codes(p1, p1, p1), codes(p1, p1, p1))
                .reply(RegisterGroup.CVD, codes(p1, p1, p1), codes(p1, p1, p1))
                .reply(RegisterGroup.CVA, codes(p2, p2, p2), codes(p2, p2, p2))
                .reply(RegisterGroup.CVB, codes(p2, p2, p2), codes(p2, p2, p2))
                .reply(RegisterGroup.CVC, codes(p2, p2, p2), codes(p2, p2, p2))
                .reply(RegisterGroup.CVD, codes(p2, p2, p2), codes(0xFFFF, p2, p2));

        List<SelfTestResult> results = driver(Ltc681xVariant.LTC6811, 2).selfTest();

        assertThat(chain.commands()).containsSubsequence("03 27 " + pecHex(0x327), "03 47 " + pecHex(0x347));
        assertThat(results.get(0).passed()).isTrue();
        assertThat(results.get(1).failedCells()).containsExactly(5, 10);
    }

    @Test
    void idleChainGetsOneByteWakeUpPerIc() throws BusException {
        chain.reply(RegisterGroup.CFGA, block(0xFC, 0x52, 0x17, 0xA4, 0, 0), block(0xFC, 0x52, 0x17, 0xA4, 0, 0));
        Ltc681x driver = driver(Ltc681xVariant.LTC6811, 2);
        driver.readConfiguration();
        int before = chain.transfers().size();

        time.advance(Duration.ofMillis(5));
        driver.readConfiguration();

        List<byte[]> after = chain.transfers().subList(before, chain.transfers().size());
        assertThat(after).hasSize(3);
        assertThat(after.get(0)).containsExactly(0xFF);
        assertThat(after.get(1)).containsExactly(0xFF);
    }

    @Test
    void chainQuietPastTheWatchdogIsWokenFromSleepAgain() throws BusException {
        chain.reply(RegisterGroup.CFGA, block(0xFC, 0x52, 0x17, 0xA4, 0, 0));
        Ltc681x driver = driver(Ltc681xVariant.LTC6811, 1);
        driver.readConfiguration();
        int before = chain.transfers().size();

        time.advance(Duration.ofMillis(1_600));
        driver.readConfiguration();

        assertThat(chain.transfers().get(before)).hasSize(38);
    }

    @Test
    void wrongNumberOfConfigurationsIsRefused() {
        assertThatThrownBy(() -> driver(Ltc681xVariant.LTC6811, 2)
                        .writeConfiguration(Collections.nCopies(3, IcConfiguration.of(3.0, 4.2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 configurations");
    }

    @Test
    void ltc6813ConversionWaitIsLongerAndReadsSixGroups() throws BusException {
        for (RegisterGroup group : Ltc681xVariant.LTC6813.cellGroups()) {
            chain.reply(group, CLEARED);
        }
        driver(Ltc681xVariant.LTC6813, 1).measureCellVoltages();

        assertThat(time.sleeps().getFirst()).isGreaterThan(Duration.ofNanos(2_335_000));
        assertThat(chain.commands())
                .containsSubsequence("00 04 07 C2", "00 0A C3 04", "00 09 " + pecHex(0x009), "00 0B " + pecHex(0x00B));
    }

    private static String pecHex(int code) {
        int pec = Pec15.of(new byte[] {(byte) (code >> 8), (byte) code}, 0, 2);
        return "%02X %02X".formatted(pec >> 8, pec & 0xFF);
    }
}
