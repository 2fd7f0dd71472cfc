package org.healbms.healing;

import java.util.List;
import org.healbms.core.signature.CellObservation;
import org.healbms.core.signature.DegradationSignature;
import org.healbms.healing.thermal.TemperaturePair;

/**
 * One tick of what healing looks at: every cell's observation, each cell's two independent
 * temperatures (in cell order), whether protection has any fault active, and signatures found
 * elsewhere (sensor faults, from the frame).
 */
public record HealingInputs(
        long nowNanos,
        List<CellObservation> cells,
        List<TemperaturePair> temperatures,
        boolean protectionFault,
        List<DegradationSignature> otherSignatures) {}
