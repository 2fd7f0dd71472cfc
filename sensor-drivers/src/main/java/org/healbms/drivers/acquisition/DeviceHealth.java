package org.healbms.drivers.acquisition;

/**
 * What the loop knows about one device at a moment: its last good sample (null before the first)
 * and its last failure (null if none since that sample). Replaced whole on every attempt, so the
 * frame assembler reads a consistent pair without locks.
 *
 * @param attempts  sampling attempts so far
 * @param failures  attempts that failed
 */
public record DeviceHealth(
        String deviceId, DeviceSample lastGood, String lastError, long lastErrorAtNanos, long attempts, long failures) {

    static DeviceHealth initial(String deviceId) {
        return new DeviceHealth(deviceId, null, null, Long.MIN_VALUE, 0, 0);
    }

    DeviceHealth succeeded(DeviceSample sample) {
        return new DeviceHealth(deviceId, sample, null, Long.MIN_VALUE, attempts + 1, failures);
    }

    DeviceHealth failed(String error, long atNanos) {
        return new DeviceHealth(deviceId, lastGood, error, atNanos, attempts + 1, failures + 1);
    }

    /** True while the most recent attempt failed. */
    public boolean failing() {
        return lastError != null;
    }
}
