package org.healbms.twin.pack;

import java.util.Objects;
import org.healbms.core.signature.SignatureKind;

/** A signature active on a cell (0: the pack): what the twin compares a record's signatures with. */
public record ActiveSignature(SignatureKind kind, int cell) {

    public ActiveSignature {
        Objects.requireNonNull(kind, "kind");
    }
}
