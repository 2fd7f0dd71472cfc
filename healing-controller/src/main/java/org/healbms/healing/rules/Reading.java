package org.healbms.healing.rules;

/**
 * A number in a compiled condition, read from a cell's row of signals ({@link SignalSlots}) without
 * allocating. Arithmetic is IEEE double arithmetic, as CEL's on doubles: a division by zero is an
 * infinity (or NaN for 0/0), never an error; NaN (a signal not known) carries through to the
 * comparison, which makes it unknown ({@link Verdict}).
 */
sealed interface Reading {

    /** The value for the row that starts at {@code base} in {@code signals}. */
    double at(double[] signals, int base);

    record Constant(double value) implements Reading {
        @Override
        public double at(double[] signals, int base) {
            return value;
        }
    }

    /** A signal: a number, a signature's severity or a rate. */
    record Signal(int slot) implements Reading {
        @Override
        public double at(double[] signals, int base) {
            return signals[base + slot];
        }
    }

    record Negation(Reading operand) implements Reading {
        @Override
        public double at(double[] signals, int base) {
            return -operand.at(signals, base);
        }
    }

    record Sum(Reading left, Reading right) implements Reading {
        @Override
        public double at(double[] signals, int base) {
            return left.at(signals, base) + right.at(signals, base);
        }
    }

    record Difference(Reading left, Reading right) implements Reading {
        @Override
        public double at(double[] signals, int base) {
            return left.at(signals, base) - right.at(signals, base);
        }
    }

    record Product(Reading left, Reading right) implements Reading {
        @Override
        public double at(double[] signals, int base) {
            return left.at(signals, base) * right.at(signals, base);
        }
    }

    record Quotient(Reading left, Reading right) implements Reading {
        @Override
        public double at(double[] signals, int base) {
            return left.at(signals, base) / right.at(signals, base);
        }
    }

    /** {@code condition ? whenTrue : whenFalse}; an unknown condition gives NaN (unknown), as CEL's error does. */
    record Choice(Verdict condition, Reading whenTrue, Reading whenFalse) implements Reading {
        @Override
        public double at(double[] signals, int base) {
            return switch (condition.at(signals, base)) {
                case Verdict.TRUE -> whenTrue.at(signals, base);
                case Verdict.FALSE -> whenFalse.at(signals, base);
                default -> Double.NaN;
            };
        }
    }
}
