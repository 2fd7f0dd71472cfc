package org.healbms.core.protection;

/** A fault raised or cleared, for the log: what, when (monotonic ns) and the reason in words. */
public record FaultEvent(long atNanos, FaultId id, Severity severity, boolean raised, String reason) {}
