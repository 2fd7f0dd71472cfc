package org.healbms.healing.rules;

/** A rule that fired on a cell: what it asks, and whether only as advice. */
public record Firing(
        String ruleId, int cell, HealingAction action, boolean advisory, int priority, long atNanos, int dose) {}
