package org.healbms.healing;

/**
 * Who keeps the record of healing actions and their verdicts (the firmware's life story). Told on
 * the controller's thread: when a rule's action is carried out or refused, and when it is judged.
 */
public interface ActionRecord {

    /** Records nothing. */
    ActionRecord NONE = new ActionRecord() {
        @Override
        public void acted(int cell, String ruleId, String action, boolean carriedOut, boolean judged) {}

        @Override
        public void judged(int cell, String ruleId, String verdict) {}
    };

    /**
     * @param action     the action's type, as the rules file names it
     * @param carriedOut false when the controller could not carry it out (no heater, the cell busy)
     * @param judged     true when a verdict on it will follow
     */
    void acted(int cell, String ruleId, String action, boolean carriedOut, boolean judged);

    /** @param verdict improved, unchanged, worse or aborted */
    void judged(int cell, String ruleId, String verdict);

    /** Both records, {@code first} told first: e.g. the life story and a bench that scores the verdicts. */
    static ActionRecord both(ActionRecord first, ActionRecord second) {
        return new ActionRecord() {
            @Override
            public void acted(int cell, String ruleId, String action, boolean carriedOut, boolean judged) {
                first.acted(cell, ruleId, action, carriedOut, judged);
                second.acted(cell, ruleId, action, carriedOut, judged);
            }

            @Override
            public void judged(int cell, String ruleId, String verdict) {
                first.judged(cell, ruleId, verdict);
                second.judged(cell, ruleId, verdict);
            }
        };
    }
}
