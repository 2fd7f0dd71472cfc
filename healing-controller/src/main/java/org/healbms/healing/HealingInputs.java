package org.healbms.healing;

import java.util.List;
import org.healbms.core.signature.CellObservation;
import org.healbms.core.signature.DegradationSignature;
import org.healbms.healing.thermal.TemperaturePair;

/**
 * One tick of what healing looks at: every cell's observation, each cell's two independent
 * temperatures (in cell order), whether protection has any fault active, and signatures found
 * elsewhere (sensor faults, from the frame).
 *
 * <p>Not a record: the firmware keeps one, with lists it rewrites in place, and moves it on to each
 * tick ({@link #at}), so a tick builds no inputs for healing. The controller reads it during its
 * tick and keeps none of it.
 */
public final class HealingInputs {

    private long nowNanos;
    private final List<CellObservation> cells;
    private final List<TemperaturePair> temperatures;
    private boolean protectionFault;
    private final List<DegradationSignature> otherSignatures;

    public HealingInputs(
            long nowNanos,
            List<CellObservation> cells,
            List<TemperaturePair> temperatures,
            boolean protectionFault,
            List<DegradationSignature> otherSignatures) {
        this.nowNanos = nowNanos;
        this.cells = cells;
        this.temperatures = temperatures;
        this.protectionFault = protectionFault;
        this.otherSignatures = otherSignatures;
    }

    /** The same lists, as their owner has rewritten them, at a new tick; returns this. */
    public HealingInputs at(long nowNanos, boolean protectionFault) {
        this.nowNanos = nowNanos;
        this.protectionFault = protectionFault;
        return this;
    }

    public long nowNanos() {
        return nowNanos;
    }

    public List<CellObservation> cells() {
        return cells;
    }

    public List<TemperaturePair> temperatures() {
        return temperatures;
    }

    public boolean protectionFault() {
        return protectionFault;
    }

    public List<DegradationSignature> otherSignatures() {
        return otherSignatures;
    }
}
