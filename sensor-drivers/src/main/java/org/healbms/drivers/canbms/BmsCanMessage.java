package org.healbms.drivers.canbms;

import java.util.Set;

/** One decoded frame of the protocol, in SI units; or why a frame could not be. */
public sealed interface BmsCanMessage {

    /** 0x351. {@code dischargeVoltageLimitV} is NaN when the frame has only six bytes. */
    record Limits(
            double chargeVoltageLimitV,
            double chargeCurrentLimitA,
            double dischargeCurrentLimitA,
            double dischargeVoltageLimitV)
            implements BmsCanMessage {}

    /** 0x355, as fractions; {@code highResolutionSoc} is NaN when the frame has only four bytes. */
    record ChargeState(double soc, double soh, double highResolutionSoc) implements BmsCanMessage {}

    /** 0x356, current positive on charge. */
    record Measurements(double packVoltageV, double packCurrentA, double temperatureDegC) implements BmsCanMessage {}

    /** 0x35A or 0x359: the classes whose alarm or warning is active. */
    record Alarms(Set<FaultClass> alarms, Set<FaultClass> warnings) implements BmsCanMessage {}

    /** 0x35C. */
    record Requests(boolean chargeEnable, boolean dischargeEnable, boolean forceCharge) implements BmsCanMessage {}

    /** 0x35E, trailing spaces and NULs dropped. */
    record Manufacturer(String name) implements BmsCanMessage {}

    /** 0x35F. */
    record Identity(int batteryModel, int firmwareVersion, int capacityAh) implements BmsCanMessage {}

    /** 0x305 from the inverter: alive (its contents are not used). */
    record InverterKeepAlive() implements BmsCanMessage {}

    /** A frame of a known identifier that does not have the layout it must have. */
    record Malformed(int id, String problem) implements BmsCanMessage {}

    /** An identifier the protocol does not define. */
    record Unknown(int id) implements BmsCanMessage {}
}
