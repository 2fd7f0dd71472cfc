package org.healbms.core.pack;

import org.healbms.core.cell.CellParameters;
import org.healbms.core.protection.CellLimits;

/**
 * Charge and discharge current limits for the pack: the least of, for every cell, the datasheet
 * maximum, a temperature derating, and what the cell model says it can carry for
 * {@link #HORIZON_S} without crossing its voltage limits; then scaled by the pack state.
 *
 * <p>Model limit: over the horizon a constant current i moves the terminal voltage by
 * i·(R0 + R1(1 − e^{−t/τ1}) + R2(1 − e^{−t/τ2})) from the open-circuit voltage, so
 * i_max = (OCV − M − V_min) / R_eff on discharge and (V_max − OCV − M) / R_eff on charge, with the
 * hysteresis half-gap M taken against us because its present sign is not known here. R_eff is the
 * file's times the resistance scale the estimator has learned on that cell's R0 (never below 1: an
 * unlearned or optimistic scale must not raise a limit); the RC pairs take the same scale because
 * what raises R0 (cold, ageing) raises them with it, and a larger R_eff only lowers a limit.
 *
 * <p>Measured taper: the model's OCV is an estimate, and a cell that holds more charge or more
 * resistance than the model thinks reaches its limit first. So each cell's measured voltage V also
 * limits the current to (V_max − V) / R_eff on charge and (V − V_min) / R_eff on discharge: zero at
 * the limit, tapering as the cell nears it. It holds the next tick's voltage under V_max: with
 * V = OCV + i·R0 + U (U the polarisation, i the present charge current), the next
 * V' = OCV + i'·R0 + U' ≤ V_max − i·R0 + (U' − U) while R_eff ≥ the true R0, and U grows by less than
 * i·R0 in a tick short against the RC time constants. So the fullest cell settles between its OCV and
 * V_max whatever the charger's own voltage setpoint; the emptiest likewise above V_min.
 *
 * <p>Smoothness: temperature derating is a ramp over the last {@link #TEMPERATURE_RAMP_K} K of
 * each window, not a step. A limit may fall at once (safety) but rises by at most
 * {@link #RISE_FRACTION_PER_S} of the datasheet maximum per second, so the charger or inverter
 * following it sees no jumps when a fault clears or a cell warms.
 *
 * <p>Where a virtual core temperature is known, each temperature window is ramped on the can and on
 * the core and the tighter of the two holds: a core hotter than its can lowers the limits near the
 * top of the window, and a core warmer than a cold can never raises them at the bottom. The
 * estimate can only lower a limit, so a wrong one costs power, not safety.
 */
public final class StateOfPower {

    static final double HORIZON_S = 10.0;
    static final double TEMPERATURE_RAMP_K = 5.0;
    static final double DERATED_FRACTION = 0.5;
    static final double RISE_FRACTION_PER_S = 0.1;
    /**
     * The measured-voltage taper aims this far below the cell's maximum, V: a cell monitor reads a cell
     * within its total measurement error of the truth (the LTC6811's is specified up to 1.2 mV, the
     * LTC6813's 2.2 mV), so a taper to exactly the maximum as measured holds some cells above it. On the
     * ageing plant (offsets within 0.8 mV) a pack whose healed cells had changed places reached 4.2006 V
     * and was over 4.2 V for 2 h in 8 days.
     */
    static final double MEASUREMENT_MARGIN_V = 0.002;

    private final CellLimits limits;
    private final CellParameters model;
    private double charge;
    private double discharge;

    public StateOfPower(CellLimits limits, CellParameters model) {
        this.limits = limits;
        this.model = model;
    }

    /**
     * The limits for this tick, read after it from {@link #chargeA} and {@link #dischargeA} (the firmware,
     * which builds no value per tick) or {@link #limits}.
     *
     * @param cellSoc       each cell's SoC estimate
     * @param cellTemps     each cell's temperature, °C (NaN if not known: that cell then allows nothing)
     * @param cellCoreTemps each cell's virtual core temperature, °C, also held to the temperature windows
     *                      (null or NaN where not known)
     * @param measured      each cell's measured voltage to taper on and learned resistance scale (NaN
     *                      entries are not known and taper nothing; {@link MeasuredCells#NONE} for none)
     * @param dtS           time since the last call, s
     */
    public void step(
            double[] cellSoc,
            double[] cellTemps,
            double[] cellCoreTemps,
            MeasuredCells measured,
            PackState state,
            double dtS) {
        double stateFactor = switch (state) {
            case NORMAL -> 1.0;
            case DERATED -> DERATED_FRACTION;
            default -> 0.0;
        };
        double targetCharge = limits.maxChargeCurrentA() * stateFactor;
        double targetDischarge = limits.maxDischargeCurrentA() * stateFactor;
        for (int c = 0; c < cellSoc.length; c++) {
            double t = cellTemps[c];
            if (!Double.isFinite(t) || !Double.isFinite(cellSoc[c])) {
                targetCharge = 0;
                targetDischarge = 0;
                continue;
            }
            double soc = cellSoc[c];
            double rEff = effectiveResistance(soc, t, measured.resistanceScale(c));
            double ocv = model.ocvV().valueExtrapolated(soc, t);
            double m = model.hysteresisV();
            double chargeDerating = ramp(t, limits.minChargeTemperatureDegC(), limits.maxChargeTemperatureDegC());
            double dischargeDerating =
                    ramp(t, limits.minDischargeTemperatureDegC(), limits.maxDischargeTemperatureDegC());
            double core = cellCoreTemps == null ? Double.NaN : cellCoreTemps[c];
            if (Double.isFinite(core)) {
                chargeDerating = Math.min(
                        chargeDerating,
                        ramp(core, limits.minChargeTemperatureDegC(), limits.maxChargeTemperatureDegC()));
                dischargeDerating = Math.min(
                        dischargeDerating,
                        ramp(core, limits.minDischargeTemperatureDegC(), limits.maxDischargeTemperatureDegC()));
            }
            targetCharge = Math.min(
                    targetCharge,
                    Math.min(
                            limits.maxChargeCurrentA() * chargeDerating,
                            Math.max(0, (limits.maxVoltageV() - ocv - m) / rEff)));
            targetDischarge = Math.min(
                    targetDischarge,
                    Math.min(
                            limits.maxDischargeCurrentA() * dischargeDerating,
                            Math.max(0, (ocv - m - limits.minVoltageV()) / rEff)));
            double v = measured.voltageV(c);
            if (Double.isFinite(v)) {
                targetCharge =
                        Math.min(targetCharge, Math.max(0, (limits.maxVoltageV() - MEASUREMENT_MARGIN_V - v) / rEff));
                targetDischarge = Math.min(targetDischarge, Math.max(0, (v - limits.minVoltageV()) / rEff));
            }
        }
        charge = limitRise(charge, targetCharge, limits.maxChargeCurrentA(), dtS);
        discharge = limitRise(discharge, targetDischarge, limits.maxDischargeCurrentA(), dtS);
    }

    /** Both limits after the last step, as a value. */
    public CurrentLimits limits() {
        return new CurrentLimits(charge, discharge);
    }

    /** The charge limit after the last step, A (positive). */
    public double chargeA() {
        return charge;
    }

    /** The discharge limit after the last step, A (positive). */
    public double dischargeA() {
        return discharge;
    }

    /** R_eff over the horizon times the learned resistance scale (NaN: not learned; never below 1). */
    double effectiveResistance(double soc, double t, double resistanceScale) {
        double scale = Double.isFinite(resistanceScale) ? Math.max(1.0, resistanceScale) : 1.0;
        return scale
                * (model.r0Ohm().value(soc, t)
                        + model.r1Ohm().value(soc, t)
                                * (1 - Math.exp(-HORIZON_S / model.tau1S().value(soc, t)))
                        + model.r2Ohm().value(soc, t)
                                * (1 - Math.exp(-HORIZON_S / model.tau2S().value(soc, t))));
    }

    /** 1 inside the window, falling linearly to 0 over the last ramp at either edge, 0 outside. */
    static double ramp(double t, double lo, double hi) {
        double up = (t - lo) / TEMPERATURE_RAMP_K;
        double down = (hi - t) / TEMPERATURE_RAMP_K;
        return Math.clamp(Math.min(up, down), 0.0, 1.0);
    }

    private static double limitRise(double previous, double target, double max, double dtS) {
        if (target <= previous) {
            return target;
        }
        return Math.min(target, previous + RISE_FRACTION_PER_S * max * Math.max(dtS, 0));
    }
}
