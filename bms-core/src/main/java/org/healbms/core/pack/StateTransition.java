package org.healbms.core.pack;

/** A logged change of state, with why it happened. */
public record StateTransition(long atNanos, PackState from, PackState to, String reason) {}
