package org.healbms.sim.replay;

/**
 * How far one estimator's SoC was from the reference over a replayed trace. Errors are fractions of
 * capacity (0.01 = 1 % SoC), never percent.
 *
 * @param rmse                  RMS error over the whole trace
 * @param maxAbsError           largest absolute error over the whole trace
 * @param rmseAfterSettling     RMS error from the settling time on (600 s in the evaluation interface)
 * @param maxAbsErrorAfterSettling largest absolute error from the settling time on
 * @param sigma3Coverage        fraction of samples (after settling) whose error lies inside the
 *                              estimator's own 3σ bound
 * @param sigma3MeanAfterSettling mean of the estimator's 3σ half-width over the same samples: a bound
 *                              is judged by its width as much as by its coverage (a wide one covers
 *                              everything and decides nothing)
 */
public record SocErrorSummary(
        double rmse,
        double maxAbsError,
        double rmseAfterSettling,
        double maxAbsErrorAfterSettling,
        double sigma3Coverage,
        double sigma3MeanAfterSettling) {}
