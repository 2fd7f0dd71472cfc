package org.healbms.core.signature;

import java.util.List;

/**
 * One kind of degradation signature, watched on every cell. Each detector keeps its own baseline and
 * a {@link PersistentCondition} per cell, so a single noisy tick never fires it.
 */
public interface SignatureDetector {

    SignatureKind kind();

    /** One tick of observations, one per cell; returns the signatures active after it. */
    List<DegradationSignature> update(List<CellObservation> cells, long nowNanos);
}
