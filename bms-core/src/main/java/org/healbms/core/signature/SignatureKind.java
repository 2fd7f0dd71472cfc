package org.healbms.core.signature;

/** The degradation signatures the detectors name; the healing rules refer to them by these names. */
public enum SignatureKind {
    RESISTANCE_GROWTH,
    CAPACITY_FADE,
    IRREVERSIBLE_SWELLING,
    HOT_SPOT,
    PLATING_RISK,
    SENSOR_FAULT,
    IMPEDANCE_GROWTH;

    /** As the rules file writes it, e.g. {@code resistance_growth}. */
    public String ruleName() {
        return name().toLowerCase();
    }
}
