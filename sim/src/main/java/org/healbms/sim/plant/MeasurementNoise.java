package org.healbms.sim.plant;

import java.util.Random;

/**
 * The analogue errors a board's measurements carry before its chips quantise them (the emulators do
 * that, with each chip's LSB): a fixed offset per input, drawn once, and white noise on every reading.
 * Drawn from a seed, so a run repeats. {@link #TYPICAL}: an LTC6811 cell input, offset within ±0.8 mV
 * (its total measurement error is specified at up to 1.2 mV) and 0.2 mV noise; the INA228 on a
 * 0.5 mOhm shunt, offset within ±5 mA and 2 mA noise; a 1 % NTC, offset within ±0.5 K and 0.05 K
 * noise (assumed orders of the data sheets' figures).
 */
public final class MeasurementNoise {

    public record Figures(
            double voltageOffsetV,
            double voltageSigmaV,
            double currentOffsetA,
            double currentSigmaA,
            double temperatureOffsetK,
            double temperatureSigmaK) {}

    public static final Figures TYPICAL = new Figures(0.0008, 0.0002, 0.005, 0.002, 0.5, 0.05);
    public static final Figures NONE = new Figures(0, 0, 0, 0, 0, 0);

    private final Figures figures;
    private final Random random;
    private final double[] voltageOffset;
    private final double[] temperatureOffset;
    private final double currentOffset;

    public MeasurementNoise(Figures figures, int cells, long seed) {
        this.figures = figures;
        this.random = new Random(seed);
        this.voltageOffset = new double[cells];
        this.temperatureOffset = new double[cells];
        for (int k = 0; k < cells; k++) {
            voltageOffset[k] = figures.voltageOffsetV() * (2 * random.nextDouble() - 1);
            temperatureOffset[k] = figures.temperatureOffsetK() * (2 * random.nextDouble() - 1);
        }
        this.currentOffset = figures.currentOffsetA() * (2 * random.nextDouble() - 1);
    }

    public synchronized double cellVoltage(int cell, double trueV) {
        return trueV + voltageOffset[cell - 1] + figures.voltageSigmaV() * random.nextGaussian();
    }

    public synchronized double current(double trueA) {
        return trueA + currentOffset + figures.currentSigmaA() * random.nextGaussian();
    }

    public synchronized double temperature(int cell, double trueDegC) {
        return trueDegC + temperatureOffset[cell - 1] + figures.temperatureSigmaK() * random.nextGaussian();
    }
}
