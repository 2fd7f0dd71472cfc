package org.healbms.core.estimation;

import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EstimatorNoise;

/**
 * Default priors for learning state of health (capacity and ohmic resistance) in the EKF, for a cell
 * file that does not set its own. Capacity is known to a few percent from the datasheet; resistance
 * varies more between cells of one type and with age, hence the wider prior. The walks let capacity
 * move about 1 % per 100 h of operation and resistance follow a step within minutes of driving (see
 * the step test in {@code ExtendedKalmanSocEstimatorTest}).
 */
public final class HealthLearning {

    static final double CAPACITY_PRIOR_FRACTION = 0.05;
    static final double CAPACITY_WALK_PER_SQRT_S = 1e-6;
    static final double RESISTANCE_PRIOR_FRACTION = 0.3;
    static final double RESISTANCE_WALK_PER_SQRT_S = 1e-3;

    private HealthLearning() {}

    /** The cell with capacity and resistance learning on; priors the cell file already sets are kept. */
    public static CellParameters enable(CellParameters p) {
        EstimatorNoise n = p.noise();
        boolean fileCapacity = n.initialCapacitySigmaFraction() > 0;
        boolean fileResistance = n.initialResistanceSigmaFraction() > 0;
        return p.withNoise(n.withHealthLearning(
                fileCapacity ? n.initialCapacitySigmaFraction() : CAPACITY_PRIOR_FRACTION,
                fileCapacity ? n.capacityProcessSigmaFractionPerSqrtS() : CAPACITY_WALK_PER_SQRT_S,
                fileResistance ? n.initialResistanceSigmaFraction() : RESISTANCE_PRIOR_FRACTION,
                fileResistance ? n.resistanceProcessSigmaFractionPerSqrtS() : RESISTANCE_WALK_PER_SQRT_S));
    }
}
