package org.healbms.drivers.canbms;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.healbms.drivers.bus.CanFrame;

/**
 * A {@link PackReport} as the frames the BMS sends each second, in one variant of the protocol. Values
 * are rounded to the field's resolution (limits towards the safe side) and held to its range: a limit
 * never wraps round into a huge one, an unknown measurement goes out as 0.
 */
public final class BmsCanEncoder {

    public static final int LIMITS = 0x351;
    public static final int CHARGE_STATE = 0x355;
    public static final int MEASUREMENTS = 0x356;
    public static final int VICTRON_ALARMS = 0x35A;
    public static final int PYLON_ALARMS = 0x359;
    public static final int REQUESTS = 0x35C;
    public static final int MANUFACTURER = 0x35E;
    public static final int IDENTITY = 0x35F;

    /** Two-bit states of 0x35A: 01 active, 10 inactive (OK), 00 not supported. */
    static final int STATE_ACTIVE = 0b01;

    static final int STATE_OK = 0b10;
    /** 0x35C byte 0. */
    static final int CHARGE_ENABLE = 0x80;

    static final int DISCHARGE_ENABLE = 0x40;
    static final int FORCE_CHARGE = 0x20;

    private final BmsCanVariant variant;

    public BmsCanEncoder(BmsCanVariant variant) {
        this.variant = variant;
    }

    public BmsCanVariant variant() {
        return variant;
    }

    /** Every frame of one report, in the order they go out, stamped {@code nowNanos}. */
    public List<CanFrame> encode(PackReport r, long nowNanos) {
        List<CanFrame> frames = new ArrayList<>(7);
        // Limits are rounded towards safe: 1.45 A allowed goes out as 1.4 A, never 1.5 A.
        frames.add(new CanFrame(
                LIMITS,
                words(
                        down(r.chargeVoltageLimitV(), 0.1, 0xFFFF),
                        down(r.chargeCurrentLimitA(), 0.1, Short.MAX_VALUE),
                        down(r.dischargeCurrentLimitA(), 0.1, Short.MAX_VALUE),
                        up(r.dischargeVoltageLimitV(), 0.1)),
                nowNanos));
        int soc = unsigned(100 * r.soc(), 1);
        int soh = unsigned(100 * r.soh(), 1);
        frames.add(new CanFrame(
                CHARGE_STATE,
                variant.highResolutionSoc() ? words(soc, soh, unsigned(100 * r.soc(), 0.01)) : words(soc, soh),
                nowNanos));
        frames.add(new CanFrame(
                MEASUREMENTS,
                words(signed(r.packVoltageV(), 0.01), signed(r.packCurrentA(), 0.1), signed(r.temperatureDegC(), 0.1)),
                nowNanos));
        frames.add(new CanFrame(
                variant.alarmId(), variant == BmsCanVariant.VICTRON ? victronAlarms(r) : pylonAlarms(r), nowNanos));
        int requests = (r.chargeEnable() ? CHARGE_ENABLE : 0)
                | (r.dischargeEnable() ? DISCHARGE_ENABLE : 0)
                | (r.forceCharge() ? FORCE_CHARGE : 0);
        frames.add(new CanFrame(REQUESTS, new byte[] {(byte) requests, 0}, nowNanos));
        byte[] name = new byte[8];
        Arrays.fill(name, (byte) ' ');
        byte[] ascii = r.manufacturer().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, name, 0, ascii.length);
        frames.add(new CanFrame(MANUFACTURER, name, nowNanos));
        if (variant.identityFrame()) {
            // Battery model 0: neither implementation read sets one and Victron does not use it.
            frames.add(new CanFrame(
                    IDENTITY, words(0, r.firmwareVersion() & 0xFFFF, unsigned(r.capacityAh(), 1)), nowNanos));
        }
        return frames;
    }

    /** Eight bytes of two-bit states: alarms in bytes 0-3, warnings in 4-7, system status in byte 7. */
    private static byte[] victronAlarms(PackReport r) {
        int[] b = new int[8];
        b[0] |= (r.alarms().isEmpty() ? STATE_OK : STATE_ACTIVE);
        b[4] |= (r.warnings().isEmpty() ? STATE_OK : STATE_ACTIVE);
        for (FaultClass c : FaultClass.values()) {
            b[c.victronByte()] |= (r.alarms().contains(c) ? STATE_ACTIVE : STATE_OK) << c.victronShift();
            b[4 + c.victronByte()] |= (r.warnings().contains(c) ? STATE_ACTIVE : STATE_OK) << c.victronShift();
        }
        // Byte 7 bits 2-3: system status, "active" meaning offline.
        b[7] |= (r.online() ? STATE_OK : STATE_ACTIVE) << 2;
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    /** Protection bits in bytes 0-1, alarm bits (our warnings) in 2-3, one module, "PN". */
    private static byte[] pylonAlarms(PackReport r) {
        byte[] out = new byte[8];
        for (FaultClass c : r.alarms()) {
            out[c.pylonByte()] |= (byte) c.pylonMask();
        }
        for (FaultClass c : r.warnings()) {
            out[2 + c.pylonByte()] |= (byte) c.pylonMask();
        }
        out[4] = 1;
        out[5] = 'P';
        out[6] = 'N';
        return out;
    }

    /** A limit the pack must stay under, in steps of {@code resolution}, rounded down; NaN or negative is 0. */
    static int down(double value, double resolution, int max) {
        // The 1e-6 step forgives binary fractions: 55.2 / 0.1 is 551.9999..., meant as 552.
        return Double.isNaN(value) ? 0 : (int) Math.clamp((long) Math.floor(value / resolution + 1e-6), 0, max);
    }

    /** A limit the pack must stay over, rounded up. */
    static int up(double value, double resolution) {
        return Double.isNaN(value) ? 0 : (int) Math.clamp((long) Math.ceil(value / resolution - 1e-6), 0, 0xFFFF);
    }

    /** {@code value / resolution} rounded, held to 0 .. 65535; NaN is 0. */
    static int unsigned(double value, double resolution) {
        return Double.isNaN(value) ? 0 : (int) Math.clamp(Math.round(value / resolution), 0, 0xFFFF);
    }

    /** {@code value / resolution} rounded, held to -32768 .. 32767, as two's complement; NaN is 0. */
    static int signed(double value, double resolution) {
        return Double.isNaN(value)
                ? 0
                : (int) Math.clamp(Math.round(value / resolution), Short.MIN_VALUE, Short.MAX_VALUE) & 0xFFFF;
    }

    private static byte[] words(int... words) {
        byte[] out = new byte[2 * words.length];
        for (int i = 0; i < words.length; i++) {
            out[2 * i] = (byte) words[i];
            out[2 * i + 1] = (byte) (words[i] >>> 8);
        }
        return out;
    }
}
