package org.healbms.firmware.can;

/** What the CAN link has done so far; written by the control tick only. */
public final class CanStatistics {

    long framesSent;
    long sendFailures;
    long failedReports;
    long framesReceived;
    long malformed;
    long unknown;
    long foreign;
    long receiveFailures;
    long restarts;

    public long framesSent() {
        return framesSent;
    }

    public long sendFailures() {
        return sendFailures;
    }

    public long framesReceived() {
        return framesReceived;
    }

    /** Frames of a protocol id with the wrong length or contents. */
    public long malformed() {
        return malformed;
    }

    /** Frames of ids the protocol does not define. */
    public long unknown() {
        return unknown;
    }

    public long restarts() {
        return restarts;
    }

    @Override
    public String toString() {
        return "%d frames sent (%d failed), %d received (%d malformed, %d unknown), %d restarts"
                .formatted(framesSent, sendFailures, framesReceived, malformed, unknown, restarts);
    }
}
