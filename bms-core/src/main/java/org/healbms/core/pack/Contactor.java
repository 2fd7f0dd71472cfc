package org.healbms.core.pack;

/** One of the pack's three switches, in the order {@link Contactors#set} takes them. */
public enum Contactor {
    MAIN_NEGATIVE,
    PRECHARGE,
    MAIN_POSITIVE
}
