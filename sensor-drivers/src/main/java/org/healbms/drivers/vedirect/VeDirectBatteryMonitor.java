package org.healbms.drivers.vedirect;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.SerialLink;

/**
 * A Victron SmartShunt or BMV battery monitor on a VE.Direct serial line: an independent measurement
 * of pack voltage and current (and the monitor's own SoC) beside the INA228, which the plausibility
 * checks can compare. The monitor talks unprompted, one block a second (a BMV alternates a block of
 * live values with one of history), so reading means listening until a valid block with the live
 * values arrives.
 */
public final class VeDirectBatteryMonitor {

    /** A monitor sends a block every second; three seconds without a valid one is a fault. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private final SerialLink link;
    private final LongSupplier nanoTime;
    private final VeDirectTextDecoder decoder = new VeDirectTextDecoder();
    private final Map<String, String> latest = new HashMap<>();

    public VeDirectBatteryMonitor(SerialLink link, LongSupplier nanoTime) {
        this.link = link;
        this.nanoTime = nanoTime;
    }

    /** Listens until a valid block with voltage and current arrives, or throws after {@code timeout}. */
    public BatteryMonitorReading read(Duration timeout) throws BusException {
        long deadline = nanoTime.getAsLong() + timeout.toNanos();
        InputStream in = link.input();
        long errorsBefore = decoder.checksumErrors();
        while (nanoTime.getAsLong() < deadline) {
            int b;
            try {
                b = in.read();
            } catch (InterruptedIOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new BusException(link.name() + ": interrupted while listening", e);
                }
                continue; // the port's read timeout: keep listening until our own deadline
            } catch (IOException e) {
                throw new BusException(link.name() + ": serial read failed: " + e.getMessage(), e);
            }
            if (b < 0) {
                throw new BusException(link.name() + ": serial line closed");
            }
            Map<String, String> block = decoder.accept(b);
            if (block != null) {
                latest.putAll(block);
                if (block.containsKey("V") && block.containsKey("I")) {
                    return decode(latest);
                }
            }
        }
        throw new BusException(link.name() + ": no valid VE.Direct block within " + timeout.toMillis() + " ms ("
                + (decoder.checksumErrors() - errorsBefore) + " blocks failed their checksum)");
    }

    public VeDirectTextDecoder decoder() {
        return decoder;
    }

    private BatteryMonitorReading decode(Map<String, String> f) throws BusException {
        double ttg = number(f, "TTG", 1);
        int reasons = (int) number(f, "AR", 1);
        Set<BatteryMonitorReading.AlarmReason> alarmReasons = EnumSet.noneOf(BatteryMonitorReading.AlarmReason.class);
        if (Double.isFinite(number(f, "AR", 1))) {
            for (BatteryMonitorReading.AlarmReason r : BatteryMonitorReading.AlarmReason.values()) {
                if ((reasons & r.bit) != 0) {
                    alarmReasons.add(r);
                }
            }
        }
        return new BatteryMonitorReading(
                number(f, "V", 1e-3),
                number(f, "I", 1e-3),
                number(f, "P", 1),
                number(f, "CE", 1e-3),
                number(f, "SOC", 1e-3),
                ttg == -1 ? Double.POSITIVE_INFINITY : ttg,
                number(f, "T", 1),
                "ON".equals(f.get("Alarm")),
                alarmReasons,
                f.getOrDefault("BMV", f.getOrDefault("PID", "")));
    }

    /** A field as a number times {@code scale}; NaN if absent or "---"; garbage is a fault. */
    private double number(Map<String, String> fields, String label, double scale) throws BusException {
        String v = fields.get(label);
        if (v == null || v.equals("---")) {
            return Double.NaN;
        }
        try {
            return Long.parseLong(v.trim()) * scale;
        } catch (NumberFormatException e) {
            throw new BusException(link.name() + ": VE.Direct field " + label + " is not a number: '" + v + "'");
        }
    }
}
