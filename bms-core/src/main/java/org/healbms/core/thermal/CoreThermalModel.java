package org.healbms.core.thermal;

/**
 * What the firmware needs to run a virtual core-temperature sensor on every cell: the cell type's
 * two-node thermal model and the filter's noise. It lives in its own file beside the cell file
 * because it depends on the mounting (cooling, neighbours) as much as on the cell.
 *
 * @param model                 the two nodes and their conductances
 * @param processSigmaKPerSqrtS how fast either node may wander from the model (unmodelled heat: a
 *                              heater on the can, a neighbour, reversible heat), K per √s
 * @param surfaceSigmaK         1σ of the surface sensor about the surface node, K
 */
public record CoreThermalModel(TwoNodeThermalModel model, double processSigmaKPerSqrtS, double surfaceSigmaK) {

    /** The values `healbms thermal` runs its filter with: a few hundredths of a kelvin per √s, an NTC's 0.2 K. */
    public static final double DEFAULT_PROCESS_SIGMA_K_PER_SQRT_S = 0.03;

    public static final double DEFAULT_SURFACE_SIGMA_K = 0.2;

    public CoreThermalModel {
        if (model == null) {
            throw new IllegalArgumentException("a core thermal model needs its two-node model");
        }
        if (!(processSigmaKPerSqrtS > 0) || !Double.isFinite(processSigmaKPerSqrtS)) {
            throw new IllegalArgumentException("process_sigma_k_per_sqrt_s must be > 0, got " + processSigmaKPerSqrtS);
        }
        if (!(surfaceSigmaK > 0) || !Double.isFinite(surfaceSigmaK)) {
            throw new IllegalArgumentException("surface_sigma_k must be > 0, got " + surfaceSigmaK);
        }
    }

    /** A filter for one cell, both nodes starting at a temperature (a rested cell is at its surface's). */
    public CoreTemperatureEstimator estimator(double startDegC) {
        return new CoreTemperatureEstimator(model, processSigmaKPerSqrtS, surfaceSigmaK, startDegC);
    }
}
