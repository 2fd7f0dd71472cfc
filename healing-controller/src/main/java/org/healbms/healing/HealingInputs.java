package org.healbms.healing;

import java.util.List;
import org.healbms.core.signature.CellObservation;
import org.healbms.core.signature.DegradationSignature;

/**
 * One tick of what healing looks at: every cell's observation, each cell's two independent
 * temperatures (NaN where the board has no second sensor: that cell cannot be heated), whether
 * protection has any fault active, and signatures found elsewhere (sensor faults, from the frame).
 */
public record HealingInputs(long nowNanos, List<CellObservation> cells, double[] temperatureA, boolean[] temperatureAOk,
                            double[] temperatureB, boolean[] temperatureBOk, boolean protectionFault,
                            List<DegradationSignature> otherSignatures) {
}
