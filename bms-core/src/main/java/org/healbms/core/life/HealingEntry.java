package org.healbms.core.life;

/**
 * One healing action in the life story: when, on which cell, by which rule, what was done, and how
 * it was judged.
 *
 * @param epochMs wall-clock time the rule fired, ms
 * @param action  what the rule asked for, as the rules file names it (e.g. thermal_activation)
 * @param verdict {@link #PENDING} until the action is judged; then the verification's outcome
 *                (improved, unchanged, worse), aborted, or not_carried_out; actions that are not
 *                judged (derates, alerts) stay {@link #NOT_JUDGED}
 */
public record HealingEntry(long epochMs, int cell, String ruleId, String action, String verdict) {

    public static final String PENDING = "pending";
    public static final String NOT_JUDGED = "not_judged";

    public HealingEntry {
        if (cell < 1 || ruleId == null || action == null || verdict == null) {
            throw new IllegalArgumentException("a healing entry needs a cell >= 1, a rule, an action and a verdict");
        }
    }

    HealingEntry judged(String outcome) {
        return new HealingEntry(epochMs, cell, ruleId, action, outcome);
    }
}
