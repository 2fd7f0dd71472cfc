package org.healbms.sim.replay;

/**
 * Outcome of replaying one trace.
 *
 * @param samples        rows replayed
 * @param traceDurationS time the trace spans, s
 * @param wallS          wall-clock time the replay took, s
 * @param estimator      the EKF's SoC errors (all NaN without a reference)
 * @param baseline       the coulomb-counting baseline's SoC errors, from the same start guess
 * @param finalSoc       the EKF's SoC at the end of the trace
 * @param finalSocSigma  its 1σ
 * @param scored         true if a reference SoC was available
 * @param minTemperatureDegC coldest cell temperature the estimator was given, °C
 * @param maxTemperatureDegC warmest cell temperature the estimator was given, °C
 * @param capacityAh         the estimator's capacity at the end of the trace, Ah (NaN if it does not estimate one)
 * @param capacitySigmaAh    its 1σ, Ah
 * @param resistanceScale    the estimator's ohmic resistance as a multiple of the cell file's R0 at the end
 *                           (NaN if it does not track resistance)
 * @param resistanceScaleSigma its 1σ
 * @param resistanceHealth   the cell's resistance relative to the new cell's at the same temperature and
 *                           excitation (resistance state of health), NaN where not measured
 * @param resistanceHealthSigma its 1σ, NaN where not known
 * @param strainReadings     strain readings the estimator was given (0 when the trace logs none)
 * @param strainOffset       the estimated strain gauge zero at the end, m/m (NaN without strain)
 * @param strainOffsetSigma  its 1σ
 */
public record ReplayResult(
        long samples,
        double traceDurationS,
        double wallS,
        SocErrorSummary estimator,
        SocErrorSummary baseline,
        double finalSoc,
        double finalSocSigma,
        boolean scored,
        double minTemperatureDegC,
        double maxTemperatureDegC,
        double capacityAh,
        double capacitySigmaAh,
        double resistanceScale,
        double resistanceScaleSigma,
        double resistanceHealth,
        double resistanceHealthSigma,
        long strainReadings,
        double strainOffset,
        double strainOffsetSigma) {

    /** Rows per second of wall-clock time. */
    public double rowsPerSecond() {
        return wallS > 0 ? samples / wallS : Double.NaN;
    }
}
