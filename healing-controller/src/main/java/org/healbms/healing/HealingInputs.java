package org.healbms.healing;

import java.util.List;
import org.healbms.core.signature.CellObservation;

/**
 * One tick of what healing looks at: every cell's observation, each cell's two independent
 * temperatures (NaN where the board has no second sensor: that cell cannot be heated), and whether
 * protection has any fault active.
 */
public record HealingInputs(long nowNanos, List<CellObservation> cells, double[] temperatureA, boolean[] temperatureAOk,
                            double[] temperatureB, boolean[] temperatureBOk, boolean protectionFault) {
}
