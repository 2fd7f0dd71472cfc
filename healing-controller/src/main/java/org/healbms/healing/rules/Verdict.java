package org.healbms.healing.rules;

/**
 * A truth value in a compiled condition, three-valued: {@link #TRUE}, {@link #FALSE} or
 * {@link #UNKNOWN}. Unknown is what CEL calls an error (a missing map key) and, where this differs
 * from CEL, a comparison that meets a NaN: CEL makes {@code x < 1.0} false and {@code x != 1.0}
 * true for a NaN {@code x}, so {@code !(soc < 0.3)} would fire on a cell whose SoC is not known.
 * Here both are unknown, and unknown, like CEL's error, is absorbed only where the other side
 * decides alone ({@code false && u} is false, {@code true || u} is true); a condition that ends
 * unknown does not fire. So a NaN signal fires a rule only when the rule would fire whatever its
 * value. Without NaN the results are CEL's (ConditionEquivalenceTest).
 */
sealed interface Verdict {

    int FALSE = 0;
    int TRUE = 1;
    int UNKNOWN = 2;

    /** {@link #TRUE}, {@link #FALSE} or {@link #UNKNOWN} for the row that starts at {@code base}. */
    int at(double[] signals, int base);

    record Constant(boolean value) implements Verdict {
        @Override
        public int at(double[] signals, int base) {
            return value ? TRUE : FALSE;
        }
    }

    /** The comparisons CEL has on doubles. */
    enum Relation {
        LESS,
        LESS_OR_EQUAL,
        GREATER,
        GREATER_OR_EQUAL,
        EQUAL,
        NOT_EQUAL
    }

    record Comparison(Relation relation, Reading left, Reading right) implements Verdict {
        @Override
        public int at(double[] signals, int base) {
            double a = left.at(signals, base);
            double b = right.at(signals, base);
            if (Double.isNaN(a) || Double.isNaN(b)) {
                return UNKNOWN;
            }
            boolean holds = switch (relation) {
                case LESS -> a < b;
                case LESS_OR_EQUAL -> a <= b;
                case GREATER -> a > b;
                case GREATER_OR_EQUAL -> a >= b;
                case EQUAL -> a == b;
                case NOT_EQUAL -> a != b;
            };
            return holds ? TRUE : FALSE;
        }
    }

    /** {@code ==} or {@code !=} between two truth values; unknown on either side is unknown. */
    record Sameness(boolean equal, Verdict left, Verdict right) implements Verdict {
        @Override
        public int at(double[] signals, int base) {
            int a = left.at(signals, base);
            int b = right.at(signals, base);
            if (a == UNKNOWN || b == UNKNOWN) {
                return UNKNOWN;
            }
            return (a == b) == equal ? TRUE : FALSE;
        }
    }

    record And(Verdict left, Verdict right) implements Verdict {
        @Override
        public int at(double[] signals, int base) {
            int a = left.at(signals, base);
            if (a == FALSE) {
                return FALSE;
            }
            int b = right.at(signals, base);
            return b == FALSE ? FALSE : a == TRUE && b == TRUE ? TRUE : UNKNOWN;
        }
    }

    record Or(Verdict left, Verdict right) implements Verdict {
        @Override
        public int at(double[] signals, int base) {
            int a = left.at(signals, base);
            if (a == TRUE) {
                return TRUE;
            }
            int b = right.at(signals, base);
            return b == TRUE ? TRUE : a == FALSE && b == FALSE ? FALSE : UNKNOWN;
        }
    }

    record Not(Verdict operand) implements Verdict {
        @Override
        public int at(double[] signals, int base) {
            int a = operand.at(signals, base);
            return a == UNKNOWN ? UNKNOWN : 1 - a;
        }
    }

    /** {@code condition ? whenTrue : whenFalse}; an unknown condition is unknown, as CEL's error. */
    record Choice(Verdict condition, Verdict whenTrue, Verdict whenFalse) implements Verdict {
        @Override
        public int at(double[] signals, int base) {
            return switch (condition.at(signals, base)) {
                case TRUE -> whenTrue.at(signals, base);
                case FALSE -> whenFalse.at(signals, base);
                default -> UNKNOWN;
            };
        }
    }
}
