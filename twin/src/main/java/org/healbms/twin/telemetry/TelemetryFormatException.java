package org.healbms.twin.telemetry;

/** A telemetry record that cannot be read: the message names the field and what is wrong with it. */
public final class TelemetryFormatException extends Exception {

    public TelemetryFormatException(String message) {
        super(message);
    }
}
