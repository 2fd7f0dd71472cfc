package org.healbms.healing.rules;

import org.healbms.core.signature.SignatureKind;

/**
 * Where each signal a rule may name sits in a cell's row of doubles ({@link SignalTable}): the
 * numbers of {@link CellSignals#NUMBERS} first, then one slot per {@link SignatureKind} (its
 * severity), then the rates of {@link CellSignals#RATE_NAMES}. A compiled condition reads its
 * signals by these slots, so an evaluation looks nothing up by name. NaN in a slot is a signal not
 * known (or a rate not yet measured).
 */
public final class SignalSlots {

    public static final int SOC = 0;
    public static final int TEMPERATURE = 1;
    public static final int CORE_TEMPERATURE = 2;
    public static final int CURRENT = 3;
    public static final int SOH_CAPACITY = 4;
    public static final int SOH_RESISTANCE = 5;
    public static final int TIME_SINCE_HEALING = 6;
    public static final int BUDGET_REMAINING = 7;
    public static final int CYCLES_SINCE_ACTIVATION = 8;

    private static final int FIRST_SIGNATURE = CellSignals.NUMBERS.size();
    private static final int FIRST_RATE = FIRST_SIGNATURE + SignatureKind.values().length;

    /** Slots per cell. */
    public static final int WIDTH = FIRST_RATE + CellSignals.RATE_NAMES.size();

    private SignalSlots() {}

    /** The slot of a number signal by its name in the rules, or -1. */
    public static int number(String name) {
        return CellSignals.NUMBERS.indexOf(name);
    }

    /** The slot of a signature's severity. */
    public static int signature(SignatureKind kind) {
        return FIRST_SIGNATURE + kind.ordinal();
    }

    /** The slot of a signature's severity by its name in the rules ({@code signature['...']}), or -1. */
    static int signature(String ruleName) {
        for (SignatureKind kind : SignatureKind.values()) {
            if (kind.ruleName().equals(ruleName)) {
                return signature(kind);
            }
        }
        return -1;
    }

    /** The slot of a rate by its name in the rules ({@code rate['...']}), or -1. */
    public static int rate(String name) {
        int k = CellSignals.RATE_NAMES.indexOf(name);
        return k < 0 ? -1 : FIRST_RATE + k;
    }
}
