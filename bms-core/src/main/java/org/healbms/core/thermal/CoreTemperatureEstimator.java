package org.healbms.core.thermal;

/**
 * The virtual core-temperature sensor: a two-state Kalman filter on {@link TwoNodeThermalModel},
 * driven by the heat the cell makes (current times overpotential, i·(V − OCV), which needs no
 * resistance model) and corrected by the measured surface temperature. The core is what ages the
 * cell and what healing heats, and no sensor sees it.
 */
public final class CoreTemperatureEstimator {

    private final TwoNodeThermalModel model;
    private final double processSigmaKPerSqrtS;
    private final double surfaceSigmaK;
    private final double[] t = new double[2];
    private final double[] p = new double[4];

    public CoreTemperatureEstimator(
            TwoNodeThermalModel model, double processSigmaKPerSqrtS, double surfaceSigmaK, double startDegC) {
        this.model = model;
        this.processSigmaKPerSqrtS = processSigmaKPerSqrtS;
        this.surfaceSigmaK = surfaceSigmaK;
        t[0] = startDegC;
        t[1] = startDegC;
        p[0] = 4;
        p[3] = 4;
    }

    /**
     * @param heatW        heat generated in the core this step, W
     * @param surfaceDegC  measured can temperature (NaN: predict only)
     */
    public void update(double dtS, double heatW, double ambientDegC, double surfaceDegC) {
        update(dtS, heatW, 0.0, ambientDegC, surfaceDegC);
    }

    /** As {@link #update(double, double, double, double)}, with heat put into the can by a heater, W. */
    public void update(double dtS, double heatW, double surfaceHeatW, double ambientDegC, double surfaceDegC) {
        if (dtS > 0) {
            double[] f = model.transition(dtS);
            model.step(t, heatW, surfaceHeatW, ambientDegC, dtS);
            // P = F P Fᵀ + Q
            double a = f[0] * p[0] + f[1] * p[2];
            double b = f[0] * p[1] + f[1] * p[3];
            double c = f[2] * p[0] + f[3] * p[2];
            double d = f[2] * p[1] + f[3] * p[3];
            double q = processSigmaKPerSqrtS * processSigmaKPerSqrtS * dtS;
            p[0] = a * f[0] + b * f[1] + q;
            p[1] = a * f[2] + b * f[3];
            p[2] = c * f[0] + d * f[1];
            p[3] = c * f[2] + d * f[3] + q;
        }
        if (Double.isFinite(surfaceDegC)) {
            double s = p[3] + surfaceSigmaK * surfaceSigmaK;
            double k0 = p[1] / s;
            double k1 = p[3] / s;
            double innovation = surfaceDegC - t[1];
            t[0] += k0 * innovation;
            t[1] += k1 * innovation;
            double p0 = p[0] - k0 * p[2];
            double p1 = p[1] - k0 * p[3];
            double p2 = p[2] - k1 * p[2];
            double p3 = p[3] - k1 * p[3];
            p[0] = p0;
            p[1] = p1;
            p[2] = p2;
            p[3] = p3;
        }
    }

    public double coreDegC() {
        return t[0];
    }

    public double coreSigmaK() {
        return Math.sqrt(Math.max(p[0], 0));
    }

    public double surfaceDegC() {
        return t[1];
    }
}
