package org.healbms.firmware.telemetry;

/**
 * A command the firmware did not take: its queue was full, or it is stopping. Nothing of the command
 * was carried out; the same command may be sent again. The CoAP side answers 5.03 with the message.
 */
public final class CommandRefused extends RuntimeException {

    public CommandRefused(String message) {
        super(message, null, false, false);
    }
}
