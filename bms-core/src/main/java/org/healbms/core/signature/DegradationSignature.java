package org.healbms.core.signature;

/**
 * A detected degradation signature: what, on which cell, how bad (severity 0..1, 1 = act now), how
 * sure (confidence 0..1), and the evidence in words for the log and the operator.
 *
 * @param cell       1-based cell, or 0 for the pack
 * @param sinceNanos when it became active (monotonic)
 */
public record DegradationSignature(
        SignatureKind kind, int cell, double severity, double confidence, String evidence, long sinceNanos) {

    public DegradationSignature {
        if (!(severity >= 0 && severity <= 1) || !(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException(
                    "severity and confidence are fractions 0..1, got " + severity + ", " + confidence);
        }
    }
}
