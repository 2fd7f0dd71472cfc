package org.healbms.healing.thermal;

/**
 * A PI controller from temperature error to heater duty, with anti-windup by conditional
 * integration: the integral stops growing while the output is saturated in the direction the error
 * pushes, so after a long heat-up at full power it does not overshoot while unwinding.
 */
public final class PiTemperatureController {

    private final double kp;
    private final double ki;
    private double integral;

    /**
     * @param kp duty per kelvin of error
     * @param ki duty per kelvin-second of integrated error
     */
    public PiTemperatureController(double kp, double ki) {
        this.kp = kp;
        this.ki = ki;
    }

    public double update(double setpointDegC, double measuredDegC, double dtS) {
        double error = setpointDegC - measuredDegC;
        double unclamped = kp * error + ki * (integral + error * dtS);
        boolean saturatedHigh = unclamped > 1 && error > 0;
        boolean saturatedLow = unclamped < 0 && error < 0;
        if (!saturatedHigh && !saturatedLow) {
            integral += error * dtS;
        }
        return Math.clamp(kp * error + ki * integral, 0.0, 1.0);
    }

    public void reset() {
        integral = 0;
    }
}
