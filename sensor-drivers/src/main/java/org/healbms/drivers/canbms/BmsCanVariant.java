package org.healbms.drivers.canbms;

import java.time.Duration;
import java.util.Optional;

/**
 * The two dialects of the protocol in use. They share 0x351, 0x355, 0x356, 0x35C and 0x35E and differ
 * in the alarm frame, the extras and whether the inverter answers.
 */
public enum BmsCanVariant {

    /**
     * Victron (and SMA Sunny Island): alarms and warnings in 0x35A as two-bit states, high-resolution
     * SoC in 0x355, 0x35F with firmware version and capacity. A GX device sends no keep-alive the BMS
     * may rely on, so none is expected.
     */
    VICTRON(0x35A, true, true, "HealBMS", null),

    /**
     * Pylontech low-voltage: protection and alarm bits in 0x359, manufacturer "PYLON" in 0x35E (the
     * inverters check it), and the inverter's 0x305 keep-alive every second.
     */
    PYLONTECH(0x359, false, false, "PYLON", Duration.ofSeconds(10));

    /** The identifier the inverter's keep-alive comes with (Pylontech and SMA's 0x305). */
    public static final int INVERTER_KEEP_ALIVE_ID = 0x305;

    private final int alarmId;
    private final boolean highResolutionSoc;
    private final boolean identityFrame;
    private final String manufacturer;
    private final Duration keepAliveTimeout;

    BmsCanVariant(
            int alarmId,
            boolean highResolutionSoc,
            boolean identityFrame,
            String manufacturer,
            Duration keepAliveTimeout) {
        this.alarmId = alarmId;
        this.highResolutionSoc = highResolutionSoc;
        this.identityFrame = identityFrame;
        this.manufacturer = manufacturer;
        this.keepAliveTimeout = keepAliveTimeout;
    }

    /** 0x35A (two-bit states) or 0x359 (one bit per class). */
    public int alarmId() {
        return alarmId;
    }

    /** 0x355 carries SoC in 0.01 % in bytes 4-5 too. */
    public boolean highResolutionSoc() {
        return highResolutionSoc;
    }

    /** 0x35F (model, firmware version, capacity) is sent. */
    public boolean identityFrame() {
        return identityFrame;
    }

    /** What 0x35E says unless the board names another. */
    public String manufacturer() {
        return manufacturer;
    }

    /** How long the inverter's keep-alive may be missing before the link counts as lost; empty: not expected. */
    public Optional<Duration> keepAliveTimeout() {
        return Optional.ofNullable(keepAliveTimeout);
    }
}
