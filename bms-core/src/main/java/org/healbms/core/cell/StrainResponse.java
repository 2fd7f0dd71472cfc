package org.healbms.core.cell;

import java.util.Arrays;

/**
 * How one strain gauge on one cell reads as the cell charges: electrode breathing {@code g(SoC)} (the
 * can swells and contracts as lithium moves between graphite and cathode), thermal expansion
 * {@code k·(T − T_ref)}, and a gauge offset. It belongs to the gauge and its mounting, not to the
 * cell type, so it lives in its own calibration file beside the cell file.
 *
 * <p>The offset is what makes strain hard to use: a gauge re-bonded, re-tared or crept reads a
 * different zero, and on the Samsung 30Q runs the zero moves by tens of µε between tests. The
 * filter therefore carries the offset as an uncertain quantity ({@code offsetSigma} at start, a
 * slow random walk after) rather than trusting the calibration's zero.
 *
 * @param socNodes            SoC grid, strictly rising fractions
 * @param strain              g at each node, m/m, at the reference temperature, zero = the calibration run's zero
 * @param referenceTemperatureDegC temperature of the calibration run, °C
 * @param thermalCoefficientPerK   strain per kelvin above the reference, m/m/K
 * @param noiseSigma          1σ of the gauge reading about the model, m/m
 * @param noiseCorrelationS   time over which that error stays correlated, s
 * @param offsetSigma         1σ of the gauge zero at start, m/m
 * @param offsetWalkPerSqrtS  random walk of the zero (creep, drift), m/m per √s
 * @param thermalCoefficientSigmaPerK 1σ of the thermal coefficient, m/m/K: the coefficient is a lumped
 *                            "strain per kelvin of self-heating" whose value differs from run to run, so
 *                            a reading far from the reference temperature is worth less
 */
public record StrainResponse(
        double[] socNodes,
        double[] strain,
        double referenceTemperatureDegC,
        double thermalCoefficientPerK,
        double noiseSigma,
        double noiseCorrelationS,
        double offsetSigma,
        double offsetWalkPerSqrtS,
        double thermalCoefficientSigmaPerK) {

    public StrainResponse {
        socNodes = socNodes.clone();
        strain = strain.clone();
        require(
                socNodes.length >= 2 && socNodes.length == strain.length,
                "soc and strain_m_per_m must have the same length, at least 2; got " + socNodes.length + " and "
                        + strain.length);
        for (int k = 0; k < socNodes.length; k++) {
            require(
                    Double.isFinite(socNodes[k]) && socNodes[k] >= -0.05 && socNodes[k] <= 1.05,
                    "soc[" + k + "] must be a fraction, got " + socNodes[k]);
            if (k > 0) {
                require(
                        socNodes[k] > socNodes[k - 1],
                        "soc must rise strictly, but soc[" + k + "] = " + socNodes[k] + " follows " + socNodes[k - 1]);
            }
            require(
                    Double.isFinite(strain[k]) && Math.abs(strain[k]) < 0.05,
                    "strain_m_per_m[" + k + "] must be a strain (|x| < 0.05), got " + strain[k]);
        }
        require(Double.isFinite(referenceTemperatureDegC), "reference_temperature_degc must be a number");
        require(
                Double.isFinite(thermalCoefficientPerK) && Math.abs(thermalCoefficientPerK) < 1e-3,
                "thermal_coefficient_per_k must be below 1e-3 in size, got " + thermalCoefficientPerK);
        require(noiseSigma > 0 && Double.isFinite(noiseSigma), "noise_sigma must be > 0, got " + noiseSigma);
        require(
                noiseCorrelationS >= 0 && Double.isFinite(noiseCorrelationS),
                "noise_correlation_s must be >= 0, got " + noiseCorrelationS);
        require(offsetSigma >= 0 && Double.isFinite(offsetSigma), "offset_sigma must be >= 0, got " + offsetSigma);
        require(
                offsetWalkPerSqrtS >= 0 && Double.isFinite(offsetWalkPerSqrtS),
                "offset_walk_per_sqrt_s must be >= 0, got " + offsetWalkPerSqrtS);
        require(
                thermalCoefficientSigmaPerK >= 0 && thermalCoefficientSigmaPerK < 1e-3,
                "thermal_coefficient_sigma_per_k must be in [0, 1e-3), got " + thermalCoefficientSigmaPerK);
    }

    /** A response whose thermal coefficient is taken as exact. */
    public StrainResponse(
            double[] socNodes,
            double[] strain,
            double referenceTemperatureDegC,
            double thermalCoefficientPerK,
            double noiseSigma,
            double noiseCorrelationS,
            double offsetSigma,
            double offsetWalkPerSqrtS) {
        this(
                socNodes,
                strain,
                referenceTemperatureDegC,
                thermalCoefficientPerK,
                noiseSigma,
                noiseCorrelationS,
                offsetSigma,
                offsetWalkPerSqrtS,
                0.0);
    }

    /** Strain the gauge reads at this SoC and temperature, before its offset, m/m. */
    public double value(double soc, double temperatureDegC) {
        return breathing(soc) + thermalCoefficientPerK * (temperatureDegC - referenceTemperatureDegC);
    }

    /** g(SoC), linear between nodes and held flat beyond them. */
    public double breathing(double soc) {
        int k = segment(soc);
        if (soc <= socNodes[0]) {
            return strain[0];
        }
        if (soc >= socNodes[socNodes.length - 1]) {
            return strain[strain.length - 1];
        }
        double f = (soc - socNodes[k]) / (socNodes[k + 1] - socNodes[k]);
        return strain[k] + f * (strain[k + 1] - strain[k]);
    }

    /** dg/dSoC; zero beyond the grid, where the response is held flat. */
    public double socSlope(double soc) {
        if (soc <= socNodes[0] || soc >= socNodes[socNodes.length - 1]) {
            return 0.0;
        }
        int k = segment(soc);
        return (strain[k + 1] - strain[k]) / (socNodes[k + 1] - socNodes[k]);
    }

    /**
     * True if g neither rises nor falls back anywhere between {@code lo} and {@code hi}: a reading
     * then fits one SoC in that range only, so a filter linearised there cannot lock onto a wrong fold.
     */
    public boolean monotonicBetween(double lo, double hi) {
        boolean rises = false;
        boolean falls = false;
        for (int k = 0; k + 1 < socNodes.length; k++) {
            if (socNodes[k + 1] <= lo || socNodes[k] >= hi) {
                continue;
            }
            double d = strain[k + 1] - strain[k];
            rises |= d > 0;
            falls |= d < 0;
        }
        return !(rises && falls);
    }

    /**
     * Measurement variance for one reading at this temperature, taken dt after the previous one (see
     * EstimatorNoise). The thermal coefficient's own uncertainty grows with the distance from the
     * reference temperature; it is a bias that lasts as long as the heating, so it is inflated for
     * correlation like the noise.
     */
    public double variance(double dtS, double temperatureDegC) {
        double inflation = dtS > 0 && noiseCorrelationS > dtS ? noiseCorrelationS / dtS : 1.0;
        double thermal = thermalCoefficientSigmaPerK * (temperatureDegC - referenceTemperatureDegC);
        return (noiseSigma * noiseSigma + thermal * thermal) * inflation;
    }

    private int segment(double soc) {
        int i = Arrays.binarySearch(socNodes, soc);
        int k = i >= 0 ? i : -i - 2;
        return Math.clamp(k, 0, socNodes.length - 2);
    }

    @Override
    public double[] socNodes() {
        return socNodes.clone();
    }

    @Override
    public double[] strain() {
        return strain.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StrainResponse s
                && Arrays.equals(socNodes, s.socNodes)
                && Arrays.equals(strain, s.strain)
                && referenceTemperatureDegC == s.referenceTemperatureDegC
                && thermalCoefficientPerK == s.thermalCoefficientPerK
                && noiseSigma == s.noiseSigma
                && noiseCorrelationS == s.noiseCorrelationS
                && offsetSigma == s.offsetSigma
                && offsetWalkPerSqrtS == s.offsetWalkPerSqrtS
                && thermalCoefficientSigmaPerK == s.thermalCoefficientSigmaPerK;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(socNodes) + Arrays.hashCode(strain);
    }

    @Override
    public String toString() {
        return "StrainResponse" + Arrays.toString(socNodes) + " -> " + Arrays.toString(strain);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
