package org.healbms.core.identification;

import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EquivalentCircuitCell;

/**
 * The linear cell model run open-loop along a recorded test, one sample at a time: SoC and hysteresis
 * follow the test's cumulative charge and the RC pairs its logged current, as in {@link DynamicFit}, so
 * what is compared with the measurement is the model, not a coulomb count across unlogged gaps. The
 * ohmic part is left to the caller: {@link ModelFit} adds R0·i, the charge-transfer fit explains the rest
 * with its own element.
 */
final class ModelRun {

    private final CellRecording test;
    private final CellParameters p;
    private final double capacity;
    private final double meanTemperatureDegC;
    private double x1;
    private double x2;
    private double hysteresisV;
    private double soc;
    private double temperatureDegC;
    private double v1;
    private double v2;

    ModelRun(CellRecording test, CellParameters p) {
        this.test = test;
        this.p = p;
        this.capacity = p.capacityAh();
        this.meanTemperatureDegC = test.meanTemperatureDegC();
        this.hysteresisV = test.startSoc() >= 0.98 ? p.hysteresisV() : 0.0;
    }

    /**
     * Advances the model to sample k (k ≥ 1, in order); false, and nothing advanced, where the sample has
     * no current or voltage or goes back in time.
     */
    boolean advanceTo(int k) {
        double dt = test.timeS()[k] - test.timeS()[k - 1];
        if (!Double.isFinite(test.currentA()[k]) || !Double.isFinite(test.voltageV()[k]) || dt < 0) {
            return false;
        }
        soc = test.startSoc() + test.chargeAh()[k] / capacity;
        double logged = test.temperatureDegC()[k];
        temperatureDegC = Double.isFinite(logged) ? logged : meanTemperatureDegC;
        double unlogged = test.unloggedChargeAh(k, capacity);
        // RC voltages are R times the unit filter state, as in the fit.
        x1 = UnloggedStep.filter(x1, test, k, p.tau1S().value(soc, temperatureDegC), capacity, unlogged);
        x2 = UnloggedStep.filter(x2, test, k, p.tau2S().value(soc, temperatureDegC), capacity, unlogged);
        v1 = p.r1Ohm().value(soc, temperatureDegC) * x1;
        v2 = p.r2Ohm().value(soc, temperatureDegC) * x2;
        double dq = test.chargeAh()[k] - test.chargeAh()[k - 1];
        double decay = Math.exp(-p.hysteresisRate() * Math.abs(dq) / capacity);
        hysteresisV = EquivalentCircuitCell.hysteresisStep(hysteresisV, decay, dq, p.hysteresisV());
        return true;
    }

    double soc() {
        return soc;
    }

    double temperatureDegC() {
        return temperatureDegC;
    }

    /** The OCV at this sample's SoC and temperature, extrapolated beyond the table. */
    double ocvV() {
        return p.ocvV().valueExtrapolated(soc, temperatureDegC);
    }

    double hysteresisV() {
        return hysteresisV;
    }

    /** The fast RC pair's voltage. */
    double v1() {
        return v1;
    }

    /** The slow RC pair's voltage. */
    double v2() {
        return v2;
    }
}
