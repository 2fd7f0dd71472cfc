package org.healbms.healing.rules;

/**
 * One healing rule, validated.
 *
 * @param when       the condition that fires it
 * @param clearWhen  the condition that re-arms it after firing (hysteresis); null = not {@code when}
 * @param forS       how long {@code when} must hold before the rule fires (minimum persistence)
 * @param priority   higher first when several rules fire on one cell at once
 * @param cooldownS  the least time between two firings on one cell
 * @param maxDoses   the most firings on one cell, ever
 * @param advisory   report the firing only; take no action
 */
public record Rule(
        String id,
        String description,
        RuleCondition when,
        RuleCondition clearWhen,
        double forS,
        HealingAction action,
        int priority,
        double cooldownS,
        int maxDoses,
        boolean advisory) {}
