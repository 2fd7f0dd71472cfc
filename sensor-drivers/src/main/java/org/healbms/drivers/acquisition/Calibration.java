package org.healbms.drivers.acquisition;

/** Per-channel linear calibration applied after the driver's conversion: value·gain + offset. */
public record Calibration(double gain, double offset) {
    public static final Calibration NONE = new Calibration(1.0, 0.0);

    public double apply(double value) {
        return value * gain + offset;
    }
}
