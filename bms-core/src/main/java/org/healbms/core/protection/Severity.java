package org.healbms.core.protection;

/** What a fault makes the pack do, in rising order. */
public enum Severity {
    /** Report only. */
    WARNING,
    /** Keep running with reduced current limits. */
    DERATE,
    /** Open the contactors: the pack goes to its safe state. */
    OPEN_CONTACTORS
}
