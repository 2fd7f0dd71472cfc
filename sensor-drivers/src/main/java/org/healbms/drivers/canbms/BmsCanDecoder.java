package org.healbms.drivers.canbms;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.healbms.drivers.bus.CanFrame;

/**
 * Frames of the protocol back into figures: for {@code healbms can dump}, the inverter emulator and
 * the inverter's own frames. A frame whose length does not fit its identifier is {@link
 * BmsCanMessage.Malformed}, never half-read.
 */
public final class BmsCanDecoder {

    public BmsCanMessage decode(CanFrame f) {
        return switch (f.id()) {
            case BmsCanEncoder.LIMITS ->
                needs(f, 6, 8)
                        ? new BmsCanMessage.Limits(
                                f.u16(0) * 0.1,
                                f.s16(2) * 0.1,
                                f.s16(4) * 0.1,
                                f.dlc() >= 8 ? f.u16(6) * 0.1 : Double.NaN)
                        : malformed(f, "6 or 8");
            case BmsCanEncoder.CHARGE_STATE ->
                needs(f, 4, 8)
                        ? new BmsCanMessage.ChargeState(
                                f.u16(0) / 100.0, f.u16(2) / 100.0, f.dlc() >= 6 ? f.u16(4) / 10_000.0 : Double.NaN)
                        : malformed(f, "4 to 8");
            case BmsCanEncoder.MEASUREMENTS ->
                needs(f, 6, 8)
                        ? new BmsCanMessage.Measurements(f.s16(0) * 0.01, f.s16(2) * 0.1, f.s16(4) * 0.1)
                        : malformed(f, "6 or 8");
            case BmsCanEncoder.VICTRON_ALARMS -> needs(f, 8, 8) ? victronAlarms(f) : malformed(f, "8");
            case BmsCanEncoder.PYLON_ALARMS -> needs(f, 4, 8) ? pylonAlarms(f) : malformed(f, "4 to 8");
            case BmsCanEncoder.REQUESTS ->
                needs(f, 1, 2)
                        ? new BmsCanMessage.Requests(
                                (f.u8(0) & BmsCanEncoder.CHARGE_ENABLE) != 0,
                                (f.u8(0) & BmsCanEncoder.DISCHARGE_ENABLE) != 0,
                                (f.u8(0) & BmsCanEncoder.FORCE_CHARGE) != 0)
                        : malformed(f, "1 or 2");
            case BmsCanEncoder.MANUFACTURER -> manufacturer(f);
            case BmsCanEncoder.IDENTITY ->
                needs(f, 6, 8) ? new BmsCanMessage.Identity(f.u16(0), f.u16(2), f.u16(4)) : malformed(f, "6 or 8");
            case BmsCanVariant.INVERTER_KEEP_ALIVE_ID -> new BmsCanMessage.InverterKeepAlive();
            default -> new BmsCanMessage.Unknown(f.id());
        };
    }

    private static boolean needs(CanFrame f, int min, int max) {
        return f.dlc() >= min && f.dlc() <= max;
    }

    private static BmsCanMessage malformed(CanFrame f, String expected) {
        return new BmsCanMessage.Malformed(
                f.id(), "0x%03X has %d data bytes, expected %s".formatted(f.id(), f.dlc(), expected));
    }

    private static BmsCanMessage victronAlarms(CanFrame f) {
        Set<FaultClass> alarms = EnumSet.noneOf(FaultClass.class);
        Set<FaultClass> warnings = EnumSet.noneOf(FaultClass.class);
        for (FaultClass c : FaultClass.values()) {
            if ((f.u8(c.victronByte()) >> c.victronShift() & 0b11) == BmsCanEncoder.STATE_ACTIVE) {
                alarms.add(c);
            }
            if ((f.u8(4 + c.victronByte()) >> c.victronShift() & 0b11) == BmsCanEncoder.STATE_ACTIVE) {
                warnings.add(c);
            }
        }
        return new BmsCanMessage.Alarms(alarms, warnings);
    }

    /** Pylontech has one temperature bit each way: it reads back as the discharge (general) class. */
    private static BmsCanMessage pylonAlarms(CanFrame f) {
        Set<FaultClass> alarms = EnumSet.noneOf(FaultClass.class);
        Set<FaultClass> warnings = EnumSet.noneOf(FaultClass.class);
        for (FaultClass c : FaultClass.values()) {
            if (c == FaultClass.HIGH_TEMPERATURE_CHARGE || c == FaultClass.LOW_TEMPERATURE_CHARGE) {
                continue;
            }
            if ((f.u8(c.pylonByte()) & c.pylonMask()) != 0) {
                alarms.add(c);
            }
            if ((f.u8(2 + c.pylonByte()) & c.pylonMask()) != 0) {
                warnings.add(c);
            }
        }
        return new BmsCanMessage.Alarms(alarms, warnings);
    }

    private static BmsCanMessage manufacturer(CanFrame f) {
        byte[] d = f.data();
        for (byte b : d) {
            if (b != 0 && (b < 0x20 || b >= 0x7F)) {
                return new BmsCanMessage.Malformed(
                        f.id(), "0x35E holds a byte 0x%02X that is not printable ASCII".formatted(b & 0xFF));
            }
        }
        String name = new String(d, StandardCharsets.US_ASCII).replace("\0", "");
        return new BmsCanMessage.Manufacturer(name.stripTrailing());
    }
}
