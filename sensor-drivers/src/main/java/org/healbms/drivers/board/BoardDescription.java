package org.healbms.drivers.board;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.healbms.core.pack.Contactor;
import org.healbms.drivers.canbms.BmsCanVariant;

/**
 * What is on a board and where: which platform opens the buses, how many cells the pack has, and
 * each device with its bus address, sampling period, channel mapping and calibration. Read from the
 * board file by {@code deploy}; validated there with errors that name the entry and line.
 *
 * @param name        for logs and recordings
 * @param platform    the name of the {@code BoardPlatformProvider} that opens the buses, found on the class
 *                    path at run time: {@code emulated} (device emulators, desktop and tests), {@code pi4j}
 *                    (a Pi), or any other a provider jar brings
 * @param tickPeriod  period of the reading frames
 * @param cells       number of series cells
 * @param contactorFeedback the contactors' auxiliary contacts read back on GPIO inputs ({@link ContactorFeedback#NONE}
 *                    when the board has none)
 * @param can         the CAN interface the BMS talks to the inverter on; null when the board has none
 */
public record BoardDescription(
        String name,
        String platform,
        Duration tickPeriod,
        int cells,
        List<DeviceDescription> devices,
        List<HeaterOutput> heaters,
        ContactorFeedback contactorFeedback,
        CanPort can) {

    /** A cell heater on a PWM channel (for thermal activation of a self-healing binder). */
    /** A heater on a cell's can: its PWM channel and frequency, and its power at full duty (W; 0 = not known). */
    public record HeaterOutput(int cell, int pwmChannel, int frequencyHz, double powerW) {}

    /**
     * Which contactors report their position, on which GPIO input (BCM number), and the level a closed
     * contact gives: with {@code closedHigh} false the contact pulls the pin to ground against the pin's
     * pull-up, so a broken wire reads open.
     */
    public record ContactorFeedback(Map<Contactor, Integer> inputs, boolean closedHigh) {

        public static final ContactorFeedback NONE = new ContactorFeedback(Map.of(), false);

        public ContactorFeedback {
            inputs = inputs.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(inputs));
        }
    }

    /**
     * The inverter's CAN interface: its name (SocketCAN's {@code can0}), the bit rate it must be brought
     * up at (500 kbit/s for the BMS protocol), and which variant of the protocol the inverter reads.
     */
    public record CanPort(String iface, int bitrate, BmsCanVariant protocol) {}

    public BoardDescription {
        devices = List.copyOf(devices);
        heaters = List.copyOf(heaters);
    }

    /** A board whose contactors do not report back, without a CAN interface. */
    public BoardDescription(
            String name,
            String platform,
            Duration tickPeriod,
            int cells,
            List<DeviceDescription> devices,
            List<HeaterOutput> heaters) {
        this(name, platform, tickPeriod, cells, devices, heaters, ContactorFeedback.NONE, null);
    }
}
