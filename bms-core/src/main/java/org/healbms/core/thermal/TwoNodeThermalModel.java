package org.healbms.core.thermal;

/**
 * A cylindrical cell as two thermal nodes: the core (jelly roll, where the heat is made) and the
 * can surface (where the sensor is). C_c·dT_c/dt = Q − (T_c − T_s)/R_c and
 * C_s·dT_s/dt = (T_c − T_s)/R_c − (T_s − T_a)/R_u. Stepped with implicit Euler in sub-steps of at
 * most {@value #MAX_SUBSTEP_S} s: stable for any step length (the logs have 0.1 s steps and hour-long
 * gaps) and accurate within the sub-step.
 */
public record TwoNodeThermalModel(
        double coreHeatCapacityJPerK,
        double surfaceHeatCapacityJPerK,
        double coreToSurfaceKPerW,
        double surfaceToAmbientKPerW) {

    public TwoNodeThermalModel {
        if (!(coreHeatCapacityJPerK > 0)
                || !(surfaceHeatCapacityJPerK > 0)
                || !(coreToSurfaceKPerW > 0)
                || !(surfaceToAmbientKPerW > 0)) {
            throw new IllegalArgumentException("thermal capacities and resistances must be positive");
        }
    }

    static final double MAX_SUBSTEP_S = 5.0;
    static final int MAX_SUBSTEPS = 5000;

    private static int substeps(double dtS) {
        return (int) Math.clamp(Math.ceil(dtS / MAX_SUBSTEP_S), 1, MAX_SUBSTEPS);
    }

    /** One step: {@code t} = {T_core, T_surface}, updated in place. */
    public void step(double[] t, double heatW, double ambientDegC, double dtS) {
        step(t, heatW, 0.0, ambientDegC, dtS);
    }

    /** One step with heat also put into the can ({@code surfaceHeatW}: a heater wrapped on it). */
    public void step(double[] t, double heatW, double surfaceHeatW, double ambientDegC, double dtS) {
        int n = substeps(dtS);
        double h = dtS / n;
        // Every sub-step has the same length, so the implicit system's inverse is formed once.
        double[] inverse = substepTransition(h);
        double a = h / coreHeatCapacityJPerK;
        double b = h / surfaceHeatCapacityJPerK;
        double gu = 1 / surfaceToAmbientKPerW;
        for (int i = 0; i < n; i++) {
            double r1 = t[0] + a * heatW;
            double r2 = t[1] + b * gu * ambientDegC + b * surfaceHeatW;
            t[0] = inverse[0] * r1 + inverse[1] * r2;
            t[1] = inverse[2] * r1 + inverse[3] * r2;
        }
    }

    /** The 2x2 transition of one {@link #step}, row-major, for the filter's covariance. */
    double[] transition(double dtS) {
        int n = substeps(dtS);
        double[] one = substepTransition(dtS / n);
        double[] f = {1, 0, 0, 1};
        for (int i = 0; i < n; i++) {
            f = new double[] {
                one[0] * f[0] + one[1] * f[2],
                one[0] * f[1] + one[1] * f[3],
                one[2] * f[0] + one[3] * f[2],
                one[2] * f[1] + one[3] * f[3]
            };
        }
        return f;
    }

    /**
     * The inverse of one implicit-Euler sub-step's system, row-major:
     * (1 + a·gc)·Tc' − a·gc·Ts' = Tc + a·Q and −b·gc·Tc' + (1 + b·gc + b·gu)·Ts' = Ts + b·gu·Ta + b·Q_s,
     * with a = dt/C_c, b = dt/C_s. It maps the right-hand side to the new temperatures, and is the
     * sub-step's transition for the covariance.
     */
    private double[] substepTransition(double dtS) {
        double a = dtS / coreHeatCapacityJPerK;
        double b = dtS / surfaceHeatCapacityJPerK;
        double gc = 1 / coreToSurfaceKPerW;
        double gu = 1 / surfaceToAmbientKPerW;
        double m11 = 1 + a * gc;
        double m12 = -a * gc;
        double m21 = -b * gc;
        double m22 = 1 + b * gc + b * gu;
        double det = m11 * m22 - m12 * m21;
        return new double[] {m22 / det, -m12 / det, -m21 / det, m11 / det};
    }
}
