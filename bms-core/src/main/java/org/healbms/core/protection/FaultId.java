package org.healbms.core.protection;

/** Every fault the safety supervisor can raise. Its entry in the {@link DiagnosisTable} says how. */
public enum FaultId {
    CELL_OVERVOLTAGE,
    CELL_UNDERVOLTAGE,
    CHARGE_OVERTEMPERATURE,
    CHARGE_UNDERTEMPERATURE,
    DISCHARGE_OVERTEMPERATURE,
    DISCHARGE_UNDERTEMPERATURE,
    CHARGE_OVERCURRENT,
    DISCHARGE_OVERCURRENT,
    /** A cell voltage the supervisor needs is not OK (comms, stale, open wire). */
    CELL_VOLTAGE_MEASUREMENT,
    /** A cell temperature is not OK. */
    TEMPERATURE_MEASUREMENT,
    /** The pack current is not OK. */
    CURRENT_MEASUREMENT,
    /**
     * The firmware's live heap (after garbage collection) is close to its maximum: reported so that
     * an operator sees it before it becomes a failure; the network side sheds load meanwhile.
     */
    LOW_MEMORY,
    /**
     * Neither saved state slot could be read at start: the firmware runs from defaults (the SoC
     * guess with the filter's wide prior, no healing budget) until an operator acknowledges it.
     */
    STATE_LOST,
    /**
     * The control loop has missed too many of its deadlines lately (a tick started more than a
     * period late): protection answers later than its debounce times say.
     */
    LOOP_OVERRUN,
    /**
     * The state directory takes no writes (a full or read-only SD card): the audit log's writer or a
     * state save fails. Audit records wait in memory, bounded; the firmware runs on.
     */
    STORAGE_UNWRITABLE,
    /** A contactor's feedback reads closed while it is commanded open (welded contacts), or cannot be read. */
    CONTACTOR_WELDED,
    /** A contactor's feedback reads open while it is commanded closed (a coil or contact that does not make). */
    CONTACTOR_STUCK_OPEN,
    /** A frame listener (the control tick, the telemetry it publishes) threw: the tick did not finish. */
    LISTENER_FAILED,
    /** A telemetry listener (the CoAP notifier) threw: observers missed an update; the control loop is untouched. */
    TELEMETRY_FAILED,
    /**
     * The inverter's CAN link is down: the bus is off, or the inverter's keep-alive has stopped where
     * the protocol variant sends one. The inverter may be running on the last limits it heard.
     */
    INVERTER_LINK
}
