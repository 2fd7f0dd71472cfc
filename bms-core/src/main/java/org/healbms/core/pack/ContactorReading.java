package org.healbms.core.pack;

/** What a contactor's auxiliary contact says about it on one read. */
public enum ContactorReading {
    CLOSED,
    OPEN,
    /** The input could not be read: it agrees with no command. */
    UNREADABLE
}
