package org.healbms.drivers.canbms;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.healbms.core.protection.FaultId;
import org.healbms.core.protection.Severity;

/**
 * The fault classes the protocol has a bit (0x359) or a two-bit state (0x35A) for, and which entry of
 * the diagnosis table sets which. A fault that opens the contactors is an alarm; one that derates or
 * only warns is a warning.
 */
public enum FaultClass {
    HIGH_VOLTAGE(0, 1, 0, 1),
    LOW_VOLTAGE(0, 2, 0, 2),
    HIGH_TEMPERATURE(0, 3, 0, 3),
    LOW_TEMPERATURE(1, 0, 0, 4),
    HIGH_TEMPERATURE_CHARGE(1, 1, 0, 3),
    LOW_TEMPERATURE_CHARGE(1, 2, 0, 4),
    HIGH_DISCHARGE_CURRENT(1, 3, 0, 7),
    HIGH_CHARGE_CURRENT(2, 0, 1, 0),
    /** Everything the BMS finds wrong with itself: lost measurements, memory, state, the CAN link. */
    BMS_INTERNAL(2, 3, 1, 3);

    private final int victronByte;
    private final int victronPair;
    private final int pylonByte;
    private final int pylonBit;

    /**
     * @param victronByte alarm byte of 0x35A (the warning is 4 bytes on)
     * @param victronPair which two-bit state in it, 0 = bits 0-1 .. 3 = bits 6-7
     * @param pylonByte   protection byte of 0x359 (the alarm, our warning, is 2 bytes on)
     * @param pylonBit    the bit in it; Pylontech has one temperature bit each way for charge and discharge
     */
    FaultClass(int victronByte, int victronPair, int pylonByte, int pylonBit) {
        this.victronByte = victronByte;
        this.victronPair = victronPair;
        this.pylonByte = pylonByte;
        this.pylonBit = pylonBit;
    }

    int victronByte() {
        return victronByte;
    }

    int victronShift() {
        return 2 * victronPair;
    }

    int pylonByte() {
        return pylonByte;
    }

    int pylonMask() {
        return 1 << pylonBit;
    }

    /** The class of a diagnosis; faults without a class of their own are the BMS's internal ones. */
    public static FaultClass of(FaultId id) {
        return switch (id) {
            case CELL_OVERVOLTAGE -> HIGH_VOLTAGE;
            case CELL_UNDERVOLTAGE -> LOW_VOLTAGE;
            case DISCHARGE_OVERTEMPERATURE -> HIGH_TEMPERATURE;
            case DISCHARGE_UNDERTEMPERATURE -> LOW_TEMPERATURE;
            case CHARGE_OVERTEMPERATURE -> HIGH_TEMPERATURE_CHARGE;
            case CHARGE_UNDERTEMPERATURE -> LOW_TEMPERATURE_CHARGE;
            case DISCHARGE_OVERCURRENT -> HIGH_DISCHARGE_CURRENT;
            case CHARGE_OVERCURRENT -> HIGH_CHARGE_CURRENT;
            default -> BMS_INTERNAL;
        };
    }

    /** The classes with an active fault that opens the contactors. */
    public static Set<FaultClass> alarms(Map<FaultId, Severity> active) {
        return classes(active, true);
    }

    /** The classes with an active fault that derates or warns. */
    public static Set<FaultClass> warnings(Map<FaultId, Severity> active) {
        return classes(active, false);
    }

    private static Set<FaultClass> classes(Map<FaultId, Severity> active, boolean alarms) {
        Set<FaultClass> out = EnumSet.noneOf(FaultClass.class);
        active.forEach((id, severity) -> {
            if ((severity == Severity.OPEN_CONTACTORS) == alarms) {
                out.add(of(id));
            }
        });
        return out;
    }
}
