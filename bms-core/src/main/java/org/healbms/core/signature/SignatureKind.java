package org.healbms.core.signature;

import java.util.Locale;

/** The degradation signatures the detectors name; the healing rules refer to them by these names. */
public enum SignatureKind {
    RESISTANCE_GROWTH,
    CAPACITY_FADE,
    IRREVERSIBLE_SWELLING,
    HOT_SPOT,
    PLATING_RISK,
    SENSOR_FAULT,
    IMPEDANCE_GROWTH;

    /** Formed once: the healing controller names every cell's signatures on every tick. */
    private final String ruleName = name().toLowerCase(Locale.ROOT);

    /** As the rules file writes it, e.g. {@code resistance_growth}. */
    public String ruleName() {
        return ruleName;
    }
}
