package org.healbms.healing.thermal;

import org.healbms.healing.rules.HealingAction.ThermalActivation;

/**
 * One thermal activation of a cell, tick by tick: heat along a ramp to the target, hold, then cool
 * with the heater off. The interlocks are checked before every duty is set while heating or holding;
 * any trip turns the heater off at once and ends the run as ABORTED with the reason. The controller
 * regulates the hotter of the two sensors, and the setpoint never exceeds the hard limit less a
 * margin, whatever the rule asked.
 */
public final class ThermalActivationRun {

    public enum Phase {
        HEATING,
        HOLDING,
        COOLING,
        DONE,
        ABORTED
    }

    /** Setpoint stays this far below the hard limit: overshoot room for the controller. */
    static final double LIMIT_MARGIN_K = 5.0;
    /** Ramp at this fraction of the allowed rise, so the rise interlock is not the regulator. */
    static final double RAMP_FRACTION = 0.8;
    /** Holding starts within this of the target. */
    static final double AT_TARGET_K = 1.0;
    /** Cooling is done within this of the start temperature. */
    static final double COOLED_K = 5.0;

    private final ThermalActivation action;
    private final Interlocks interlocks;
    private final PiTemperatureController controller;
    private final Heater heater;
    private final double startDegC;
    private final double targetDegC;
    private final double rampKPerS;
    private Phase phase = Phase.HEATING;
    private long lastNanos;
    private long holdStartNanos;
    private double setpoint;
    private String abortReason;
    private double duty;

    public ThermalActivationRun(
            ThermalActivation action,
            Interlocks interlocks,
            PiTemperatureController controller,
            Heater heater,
            long startNanos,
            double startDegC) {
        this.action = action;
        this.interlocks = interlocks;
        this.controller = controller;
        this.heater = heater;
        this.startDegC = startDegC;
        this.targetDegC = Math.min(action.targetDegC(), interlocks.limits().maxTemperatureDegC() - LIMIT_MARGIN_K);
        this.rampKPerS = RAMP_FRACTION
                * Math.min(action.maxRiseKPerMin(), interlocks.limits().maxRiseKPerMin())
                / 60.0;
        this.lastNanos = startNanos;
        this.setpoint = startDegC;
        interlocks.reset();
        controller.reset();
    }

    public Phase step(InterlockInputs in) {
        double dt = Math.max(0, (in.nowNanos() - lastNanos) / 1e9);
        lastNanos = in.nowNanos();
        if (phase == Phase.HEATING || phase == Phase.HOLDING) {
            String trip = interlocks.check(in);
            if (trip != null) {
                setDuty(0);
                abortReason = trip;
                phase = Phase.ABORTED;
                return phase;
            }
            double hot = in.temperatures().hotterDegC();
            setpoint = Math.min(targetDegC, setpoint + rampKPerS * dt);
            if (phase == Phase.HEATING && hot >= targetDegC - AT_TARGET_K) {
                phase = Phase.HOLDING;
                holdStartNanos = in.nowNanos();
            }
            if (phase == Phase.HOLDING && in.nowNanos() - holdStartNanos >= (long) (action.holdS() * 1e9)) {
                phase = Phase.COOLING;
                setDuty(0);
                return phase;
            }
            setDuty(controller.update(setpoint, hot, dt));
        } else if (phase == Phase.COOLING) {
            setDuty(0);
            double hot = in.temperatures().hotterDegC();
            if (!Double.isFinite(hot) || hot <= startDegC + COOLED_K) {
                phase = Phase.DONE;
            }
        } else {
            setDuty(0);
        }
        return phase;
    }

    private void setDuty(double d) {
        duty = d;
        heater.setDuty(d);
    }

    public Phase phase() {
        return phase;
    }

    public double duty() {
        return duty;
    }

    public double setpoint() {
        return setpoint;
    }

    public double targetDegC() {
        return targetDegC;
    }

    /** Why the run was aborted, or null. */
    public String abortReason() {
        return abortReason;
    }

    /** Stops heating now (a shutdown, a new rule set): the run ends as aborted with the reason. */
    public void abort(String reason) {
        setDuty(0);
        if (phase != Phase.DONE) {
            phase = Phase.ABORTED;
            abortReason = reason;
        }
    }
}
