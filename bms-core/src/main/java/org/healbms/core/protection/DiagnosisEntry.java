package org.healbms.core.protection;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * One line of the diagnosis table: when a fault is raised, how long the condition must hold first,
 * what it makes the pack do, and how it goes away.
 *
 * @param threshold human-readable set and clear conditions, for logs and the docs table
 * @param raise     the condition; it must hold continuously for {@code debounce} to raise the fault
 * @param clear     the recovery condition (with hysteresis against {@code raise}); it must hold for
 *                  {@code recovery} before the fault clears
 * @param latched   if true, the fault also needs an operator's acknowledgement to clear
 */
public record DiagnosisEntry(
        FaultId id,
        Severity severity,
        String threshold,
        Predicate<ProtectionInputs> raise,
        Predicate<ProtectionInputs> clear,
        Duration debounce,
        Duration recovery,
        boolean latched) {

    public DiagnosisEntry {
        if (debounce.isNegative() || recovery.isNegative()) {
            throw new IllegalArgumentException(id + ": debounce and recovery must not be negative");
        }
    }
}
