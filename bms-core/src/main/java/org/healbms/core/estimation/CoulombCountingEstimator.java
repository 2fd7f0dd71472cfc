package org.healbms.core.estimation;

import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EquivalentCircuitCell;

/**
 * The baseline every open BMS has: integrate current from a start SoC.
 *
 * <p>Its uncertainty is the start uncertainty plus a random walk: σ² = σ0² + q·t, with σ0 and q from
 * the same {@link org.healbms.core.cell.EstimatorNoise} the EKF uses. Voltage never corrects it, so
 * a wrong start or a current-sensor bias stays in the estimate for good: that is what the EKF is
 * measured against.
 */
public final class CoulombCountingEstimator implements CellStateEstimator {

    private final CellParameters p;
    private double soc;
    private double variance;

    public CoulombCountingEstimator(CellParameters parameters) {
        this.p = parameters;
        reset(0.5);
    }

    @Override
    public String name() {
        return "coulomb-counting";
    }

    @Override
    public void reset(double socGuess) {
        soc = socGuess;
        variance = p.noise().initialSocSigma() * p.noise().initialSocSigma();
    }

    @Override
    public void update(double dtS, double currentA, double voltageV, double temperatureDegC) {
        if (!Double.isFinite(currentA) || !(dtS > 0)) {
            return;
        }
        soc += EquivalentCircuitCell.socIncrement(p, dtS, currentA);
        double q = p.noise().socProcessSigmaPerSqrtS();
        variance += q * q * dtS;
    }

    @Override
    public double soc() {
        return soc;
    }

    @Override
    public double socSigma() {
        return Math.sqrt(variance);
    }
}
