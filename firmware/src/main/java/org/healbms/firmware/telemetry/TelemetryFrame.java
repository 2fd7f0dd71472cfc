package org.healbms.firmware.telemetry;

import java.util.Objects;
import java.util.Set;
import org.healbms.core.protection.FaultId;
import org.healbms.core.reading.ReadingFrame;

/**
 * A tick's reading frame as the firmware publishes it for a fleet's gateway, with its time on the
 * wall clock: the wall time of the first frame plus the monotonic time since it, so the gaps between
 * frames are the ones the firmware's own estimator stepped by (a wall-clock jump does not move them).
 *
 * @param epochNanos       when the frame was assembled, ns since the epoch
 * @param protectionFaults the supervisor's active faults after the tick's protection step, so the
 *                         twin's life story counts each one raised, as the firmware's does
 */
public record TelemetryFrame(long epochNanos, ReadingFrame frame, Set<FaultId> protectionFaults) {

    public TelemetryFrame {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(protectionFaults, "protectionFaults");
    }
}
