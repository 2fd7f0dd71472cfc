package org.healbms.healing.rules;

/** What a rule asks for when it fires. Every action runs inside the interlocks, whatever it asks. */
public sealed interface HealingAction {

    String type();

    /** Doses of healing agent one firing uses (for the per-cell budget). */
    default double doses() {
        return 0;
    }

    /**
     * Heat the cell to {@code targetDegC} (a self-healing binder activates at 60-80 °C), rising no
     * faster than {@code maxRiseKPerMin}, hold for {@code holdS}, then let it cool.
     */
    record ThermalActivation(double targetDegC, double holdS, double maxRiseKPerMin) implements HealingAction {
        @Override
        public String type() {
            return "thermal_activation";
        }

        @Override
        public double doses() {
            return 1;
        }
    }

    /** Limit charge and discharge current to fractions of the normal limits for a while (rest = 0, 0). */
    record Derate(double chargeFraction, double dischargeFraction, double durationS) implements HealingAction {
        @Override
        public String type() {
            return "derate";
        }
    }

    /**
     * Let the cell rest: no current for {@code durationS} (the pack's limits go to zero, since a
     * series string carries one current). Concentration gradients relax and plated lithium strips
     * back into the graphite; afterwards the rule's own condition is checked again.
     */
    record Rest(double durationS) implements HealingAction {
        @Override
        public String type() {
            return "rest";
        }
    }

    /** A bounded train of current pulses (plating and dendrite smoothing), asked of the charger. */
    record PulseProtocol(int pulses, double amplitudeC, double widthS, double restS) implements HealingAction {
        @Override
        public String type() {
            return "pulse_protocol";
        }
    }

    /** Tell someone; do nothing else. */
    record Alert(String message) implements HealingAction {
        @Override
        public String type() {
            return "alert";
        }
    }
}
