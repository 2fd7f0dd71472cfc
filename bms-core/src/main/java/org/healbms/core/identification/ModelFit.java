package org.healbms.core.identification;

import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EquivalentCircuitCell;

/**
 * Runs the cell model along a recorded test and compares its voltage with the measured one.
 *
 * <p>SoC and hysteresis follow the test's cumulative charge and the RC pairs its logged current, as
 * in {@link DynamicFit}, so the score is of the model, not of a coulomb count across unlogged gaps.
 */
public final class ModelFit {

    private ModelFit() {
    }

    public static TestFit score(CellTest test, CellParameters p) {
        double meanT = test.meanTemperatureDegC();
        double capacity = p.capacityAh();
        double v1 = 0;
        double v2 = 0;
        double h = test.startSoc() >= 0.98 ? p.hysteresisV() : 0.0;
        double[] model = new double[test.size()];
        double sumSq = 0;
        double maxAbs = 0;
        long n = 0;
        model[0] = Double.NaN;
        for (int k = 1; k < test.size(); k++) {
            double dt = test.timeS()[k] - test.timeS()[k - 1];
            double i = test.currentA()[k];
            double v = test.voltageV()[k];
            if (!Double.isFinite(i) || !Double.isFinite(v) || dt < 0) {
                model[k] = Double.NaN;
                continue;
            }
            double soc = test.startSoc() + test.chargeAh()[k] / capacity;
            double temp = Double.isFinite(test.temperatureDegC()[k]) ? test.temperatureDegC()[k] : meanT;
            v1 = EquivalentCircuitCell.rcStep(v1, dt, i, p.r1Ohm().value(soc, temp), p.tau1S().value(soc, temp));
            v2 = EquivalentCircuitCell.rcStep(v2, dt, i, p.r2Ohm().value(soc, temp), p.tau2S().value(soc, temp));
            double dq = test.chargeAh()[k] - test.chargeAh()[k - 1];
            double decay = Math.exp(-p.hysteresisRate() * Math.abs(dq) / capacity);
            h = EquivalentCircuitCell.hysteresisStep(h, decay, dq, p.hysteresisV());
            model[k] = p.ocvV().valueExtrapolated(soc, temp) + h + p.r0Ohm().value(soc, temp) * i + v1 + v2;
            double e = v - model[k];
            sumSq += e * e;
            maxAbs = Math.max(maxAbs, Math.abs(e));
            n++;
        }
        return new TestFit(test.name(), n, n == 0 ? Double.NaN : Math.sqrt(sumSq / n), maxAbs, model);
    }
}
