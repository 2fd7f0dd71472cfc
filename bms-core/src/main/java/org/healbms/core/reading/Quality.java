package org.healbms.core.reading;

/**
 * How far one value in a reading frame can be trusted. Consumers (estimators, protection, rules)
 * act only on {@link #OK} values; the others say why not, so a dashboard or a diagnosis can tell a
 * dead bus from a broken sensor from a cell that is really out of its range.
 */
public enum Quality {
    /** Sampled within its device's period, inside the plausible range. */
    OK,
    /** The last good sample is older than the channel allows (the device is slow or skipped). */
    STALE,
    /** The value is outside what the sensor can physically report (e.g. a cell at 7 V). */
    OUT_OF_RANGE,
    /** The device did not answer, or its bytes failed their integrity check. */
    COMMS_FAULT,
    /** The device answered, but says this sensor is broken (open wire, open or shorted thermistor). */
    SENSOR_FAULT;

    public boolean usable() {
        return this == OK;
    }
}
