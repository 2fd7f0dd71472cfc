package org.healbms.drivers.bus;

import java.io.IOException;

/**
 * A transfer on a bus failed: the device did not acknowledge, timed out, or answered with bytes that
 * fail their own integrity check. It is checked on purpose: every caller must decide what a lost
 * reading means (the acquisition loop marks the value as a comms fault and carries on).
 */
public class BusException extends IOException {

    public BusException(String message) {
        super(message);
    }

    public BusException(String message, Throwable cause) {
        super(message, cause);
    }
}
