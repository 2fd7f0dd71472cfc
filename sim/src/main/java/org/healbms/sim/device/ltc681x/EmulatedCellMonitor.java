package org.healbms.sim.device.ltc681x;

import java.util.Arrays;
import org.healbms.drivers.ltc681x.Ltc681xVariant;

/**
 * One LTC6811 / LTC6813 of the chain: its register groups, its analog inputs, its ADC (results
 * land when the conversion time has passed) and its faults. Knows nothing of framing: the chain
 * emulator hands it decoded commands.
 *
 * <p>Scales (100 uV per code, sum of cells 2 mV / 3 mV, ITMP 7.5 mV/K - 273 / 7.6 mV/K - 276) are
 * written here from the fact sheet rather than borrowed from the driver, so a decoding error in the
 * driver shows up as a wrong value in the tests.
 */
final class EmulatedCellMonitor {

    static final int NO_DATA = 0xFFFF;
    private static final double VOLTS_PER_CODE = 100e-6;
    private static final double REFERENCE_2_VOLTS = 3.0;
    private static final double ANALOG_SUPPLY_VOLTS = 5.0;
    // CFGR0 bit 1 (DTEN) is read-only: it mirrors the DTEN pin, tied high on this board.
    private static final int DTEN_PIN = 0x02;

    enum Conversion {
        CELLS,
        OPEN_WIRE_PULL_UP,
        OPEN_WIRE_PULL_DOWN,
        SELF_TEST_1,
        SELF_TEST_2,
        AUX,
        STATUS
    }

    private final Ltc681xVariant variant;
    private final int cells;
    private final byte[] configA = new byte[6];
    private final byte[] configB = new byte[6];
    private final int[] cellCodes;
    private final int[] auxWords = new int[12];
    private final int[] statWords = new int[3];
    private final double[] cellVolts;
    private final double[] gpioVolts;
    private final boolean[] openInputs;
    private double dieCelsius = 25.0;
    private boolean selfTestFault;

    // Open-wire currents act on a floating input's filter capacitor: the fraction of the way it has
    // been dragged, and in which direction (the datasheet asks for at least two ADOW per direction).
    private boolean lastPullUp;
    private int adowStreak;

    private long conversionDoneAt = Long.MIN_VALUE;
    private Runnable pendingResult;

    EmulatedCellMonitor(Ltc681xVariant variant) {
        this.variant = variant;
        this.cells = variant.cellCount();
        this.cellCodes = new int[cells];
        this.cellVolts = new double[cells];
        this.gpioVolts = new double[variant.gpioCount()];
        this.openInputs = new boolean[cells + 1];
        Arrays.fill(cellVolts, 3.6);
        reset();
    }

    /** Power-up / watchdog state: configuration defaults (balancing off), registers cleared. */
    void reset() {
        Arrays.fill(configA, (byte) 0);
        configA[0] = (byte) (0xF8 | DTEN_PIN);
        Arrays.fill(configB, (byte) 0);
        configB[0] = 0x0F;
        Arrays.fill(cellCodes, NO_DATA);
        Arrays.fill(auxWords, NO_DATA);
        Arrays.fill(statWords, NO_DATA);
        pendingResult = null;
        adowStreak = 0;
    }

    // ---- inputs and faults -------------------------------------------------------------------

    void setCellVolts(int cell, double volts) {
        cellVolts[cell - 1] = volts;
    }

    void setGpioVolts(int gpio, double volts) {
        gpioVolts[gpio - 1] = volts;
    }

    void setDieCelsius(double celsius) {
        dieCelsius = celsius;
    }

    void setOpenInput(int input, boolean open) {
        openInputs[input] = open;
    }

    void setSelfTestFault(boolean fault) {
        selfTestFault = fault;
    }

    boolean discharging(int cell) {
        int bit = cell - 1;
        if (bit < 8) {
            return (configA[4] >> bit & 1) != 0;
        }
        if (bit < 12) {
            return (configA[5] >> (bit - 8) & 1) != 0;
        }
        if (bit < 16) {
            return (configB[0] >> (bit - 12 + 4) & 1) != 0;
        }
        return (configB[1] >> (bit - 16) & 1) != 0;
    }

    byte[] configurationA() {
        return configA.clone();
    }

    // ---- registers -------------------------------------------------------------------------

    void write(char configGroup, byte[] data) {
        if (configGroup == 'A') {
            System.arraycopy(data, 0, configA, 0, 6);
            configA[0] = (byte) (configA[0] | DTEN_PIN);
        } else {
            System.arraycopy(data, 0, configB, 0, 6);
        }
    }

    byte[] configurationGroup(char group) {
        return group == 'A' ? configA.clone() : configB.clone();
    }

    /** Cell group 0..5 (A..F), aux group 0..3 (A..D), or the STATA words. */
    byte[] cellGroup(int group) {
        return words(cellCodes, 3 * group);
    }

    byte[] auxGroup(int group) {
        return words(auxWords, 3 * group);
    }

    byte[] statusA() {
        return words(statWords, 0);
    }

    void clearCells() {
        Arrays.fill(cellCodes, NO_DATA);
    }

    void clearAux() {
        Arrays.fill(auxWords, NO_DATA);
    }

    void clearStatus() {
        Arrays.fill(statWords, NO_DATA);
    }

    // ---- ADC ----------------------------------------------------------------------------------

    boolean converting(long now) {
        finishIfDue(now);
        return pendingResult != null;
    }

    void finishIfDue(long now) {
        if (pendingResult != null && now >= conversionDoneAt) {
            Runnable result = pendingResult;
            pendingResult = null;
            result.run();
        }
    }

    /**
     * Starts a conversion; its result is written when the mode's time (times {@code slowdown}) has
     * passed. {@code channels} is CH / CHG / CHST, 0 = all.
     */
    void start(Conversion conversion, int md, int channels, long now, double slowdown) {
        boolean adcOpt = (configA[0] & 0x01) != 0;
        AdcTiming timing = AdcTiming.of(md, adcOpt, cells);
        if (timing == null) {
            return;
        }
        long nanos = channels == 0 ? timing.allChannelsNanos() : timing.twoChannelsNanos();
        conversionDoneAt = now + Math.round(nanos * slowdown);
        pendingResult = switch (conversion) {
            case CELLS -> () -> convertCells(channels, nodeVoltages());
            case OPEN_WIRE_PULL_UP, OPEN_WIRE_PULL_DOWN ->
                openWire(conversion == Conversion.OPEN_WIRE_PULL_UP, channels);
            case SELF_TEST_1, SELF_TEST_2 ->
                () -> selfTest(
                        channels, conversion == Conversion.SELF_TEST_1 ? timing.selfTest1() : timing.selfTest2());
            case AUX -> () -> convertAux(channels);
            case STATUS -> () -> convertStatus(channels);
        };
    }

    private boolean cellSelected(int index, int channels) {
        return channels == 0 || index % 6 == channels - 1;
    }

    private void convertCells(int channels, double[] nodes) {
        for (int i = 0; i < cells; i++) {
            if (cellSelected(i, channels)) {
                cellCodes[i] = code(nodes[i + 1] - nodes[i]);
            }
        }
    }

    /**
     * The 100 uA currents drag a floating input C(k) towards C(k+1) (pull-up) or C(k-1) (pull-down)
     * until the input clamps there: half way after one ADOW, all the way after two in a row. The
     * bottom input pulled down and the top input pulled up stay put (V- and V+ hold them).
     */
    private Runnable openWire(boolean pullUp, int channels) {
        adowStreak = pullUp == lastPullUp ? adowStreak + 1 : 1;
        lastPullUp = pullUp;
        double drag = Math.min(adowStreak, 2) / 2.0;
        double[] nodes = nodeVoltages();
        double[] dragged = nodes.clone();
        for (int k = 0; k <= cells; k++) {
            if (openInputs[k]) {
                int towards = pullUp ? Math.min(k + 1, cells) : Math.max(k - 1, 0);
                dragged[k] = nodes[k] + drag * (nodes[towards] - nodes[k]);
            }
        }
        return () -> convertCells(channels, dragged);
    }

    private void selfTest(int channels, int pattern) {
        for (int i = 0; i < cells; i++) {
            if (cellSelected(i, channels)) {
                cellCodes[i] = selfTestFault ? pattern ^ 0x0400 : pattern;
            }
        }
    }

    /** AUX words: G1 G2 G3 | G4 G5 REF | G6 G7 G8 | G9 - -. A GPIO with its pull-down on reads 0 V. */
    private void convertAux(int channels) {
        for (int g = 0; g < gpioVolts.length; g++) {
            if (channels == 0 || channels == g % 5 + 1) {
                auxWords[g < 5 ? g : g + 1] = code(pulldownOff(g) ? gpioVolts[g] : 0.0);
            }
        }
        if (channels == 0 || channels == 6) {
            auxWords[5] = code(REFERENCE_2_VOLTS);
        }
    }

    private boolean pulldownOff(int gpio) {
        return gpio < 5 ? (configA[0] >> (3 + gpio) & 1) != 0 : (configB[0] >> (gpio - 5) & 1) != 0;
    }

    private void convertStatus(int channels) {
        double sum = Arrays.stream(cellVolts).sum();
        boolean ltc6813 = variant == Ltc681xVariant.LTC6813;
        if (channels == 0 || channels == 1) {
            statWords[0] = (int) Math.round(sum / (ltc6813 ? 0.003 : 0.002));
        }
        if (channels == 0 || channels == 2) {
            double voltsPerKelvin = ltc6813 ? 0.0076 : 0.0075;
            statWords[1] = code((dieCelsius + (ltc6813 ? 276 : 273)) * voltsPerKelvin);
        }
        if (channels == 0 || channels == 3) {
            statWords[2] = code(ANALOG_SUPPLY_VOLTS);
        }
    }

    /** Pin voltages C0..C(n) above V-, each the sum of the cells below it. */
    private double[] nodeVoltages() {
        double[] nodes = new double[cells + 1];
        for (int i = 0; i < cells; i++) {
            nodes[i + 1] = nodes[i] + cellVolts[i];
        }
        return nodes;
    }

    /** 100 uV per code; the ADC bottoms out at 0 and 0xFFFF is reserved for "no data". */
    private static int code(double volts) {
        return (int) Math.max(0, Math.min(0xFFFE, Math.round(volts / VOLTS_PER_CODE)));
    }

    private static byte[] words(int[] source, int first) {
        byte[] data = new byte[6];
        for (int k = 0; k < 3; k++) {
            data[2 * k] = (byte) source[first + k];
            data[2 * k + 1] = (byte) (source[first + k] >> 8);
        }
        return data;
    }
}
