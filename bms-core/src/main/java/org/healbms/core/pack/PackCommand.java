package org.healbms.core.pack;

/** What an operator or the host asks of the pack. */
public enum PackCommand {
    NONE,
    RUN,
    STOP,
    RESET_FAULT,
    SHUTDOWN
}
