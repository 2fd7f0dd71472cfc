package org.healbms.twin.pack;

import java.util.Objects;
import org.healbms.core.signature.DegradationSignature;
import org.healbms.core.signature.SignatureKind;

/**
 * A degradation signature of one cell (0: the pack) that became active or cleared with a record.
 *
 * @param active    true when it became active, false when it cleared
 * @param signature the signature as the detector gave it when it became active; null when it cleared
 */
public record SignatureChange(SignatureKind kind, int cell, boolean active, DegradationSignature signature) {

    public SignatureChange {
        Objects.requireNonNull(kind, "kind");
        if (active != (signature != null)) {
            throw new IllegalArgumentException("an active signature comes with the detector's, a cleared one without");
        }
    }
}
