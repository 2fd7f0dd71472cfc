package org.healbms.firmware.eis;

/** The answer to a request for a sweep (CoAP POST {@code cells/N/eis}), with a message for the operator. */
public record SweepAnswer(Status status, String message) {

    public enum Status {
        STARTED,
        /** The cell has no impedance front end. */
        NO_FRONT_END,
        /** The pack current is not below the rest current, or has not been for long enough. */
        NOT_AT_REST,
        /** A protection fault is active: protection wins, nothing is swept. */
        PROTECTION_FAULT,
        /** A sweep is running already (one at a time). */
        BUSY
    }
}
