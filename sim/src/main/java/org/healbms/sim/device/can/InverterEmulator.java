package org.healbms.sim.device.can;

import java.time.Duration;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.CanBus;
import org.healbms.drivers.bus.CanFrame;
import org.healbms.drivers.canbms.BmsCanDecoder;
import org.healbms.drivers.canbms.BmsCanMessage;
import org.healbms.drivers.canbms.BmsCanVariant;

/**
 * An inverter/charger that reads the BMS's frames as a Victron GX or a Pylontech-compatible inverter
 * does. It wants a current (the load or the charger's setpoint, positive to charge) and delivers what
 * the BMS allows: at most CCL while charge is enabled, at most DCL while discharge is enabled, nothing
 * without a 0x351 in the last 3 s (Victron's documented timeout). Its current follows the allowed
 * value as a first-order lag of {@link #RESPONSE_TAU_S}, the ramp of an inverter's current controller
 * and of its reaction to a new limit; with the BMS's 1 Hz frames a cut is followed within 2 s.
 *
 * <p>With the Pylontech variant it sends its 0x305 keep-alive (eight zero bytes) every second.
 */
public final class InverterEmulator implements AutoCloseable {

    static final double RESPONSE_TAU_S = 0.3;
    static final double LIMITS_TIMEOUT_S = 3.0;
    /** Frames read per step at most: a flood on the bus cannot hold the emulator up either. */
    private static final int MAX_FRAMES_PER_STEP = 64;

    private final CanBus node;
    private final BmsCanVariant variant;
    private final BmsCanDecoder decoder = new BmsCanDecoder();
    private double chargeLimitA;
    private double dischargeLimitA;
    private boolean chargeEnabled = true;
    private boolean dischargeEnabled = true;
    private double lastLimitsS = Double.NEGATIVE_INFINITY;
    private double lastKeepAliveS = Double.NEGATIVE_INFINITY;
    private double lastStepS = Double.NaN;
    private double currentA;

    public InverterEmulator(CanBus node, BmsCanVariant variant) {
        this.node = node;
        this.variant = variant;
    }

    /**
     * Reads what the BMS sent, sends its keep-alive when due, and moves its current on to
     * {@code elapsedS} towards {@code requestedA} as the limits allow.
     */
    public synchronized void advanceTo(double elapsedS, double requestedA) {
        readFrames(elapsedS);
        if (variant.keepAliveTimeout().isPresent() && elapsedS - lastKeepAliveS >= 1.0) {
            try {
                node.send(new CanFrame(BmsCanVariant.INVERTER_KEEP_ALIVE_ID, new byte[8], 0));
                lastKeepAliveS = elapsedS;
            } catch (BusException e) {
                // A bus-off inverter is silent: the BMS's keep-alive watch is what notices.
            }
        }
        double dt = Double.isNaN(lastStepS) ? 0 : Math.max(0, elapsedS - lastStepS);
        lastStepS = elapsedS;
        double allowed = allowed(elapsedS, requestedA);
        currentA = allowed + (currentA - allowed) * Math.exp(-dt / RESPONSE_TAU_S);
    }

    private double allowed(double elapsedS, double requestedA) {
        if (Double.isNaN(requestedA)) {
            return 0;
        }
        return requestedA >= 0
                ? Math.min(requestedA, allowedChargeA(elapsedS))
                : Math.max(requestedA, -allowedDischargeA(elapsedS));
    }

    /** The most it charges the pack with at {@code elapsedS}, A: CCL while charge is enabled and fresh, else 0. */
    public synchronized double allowedChargeA(double elapsedS) {
        return chargeEnabled && elapsedS - lastLimitsS <= LIMITS_TIMEOUT_S ? chargeLimitA : 0;
    }

    /** The most it lets the load draw at {@code elapsedS}, A (a magnitude): DCL while enabled and fresh, else 0. */
    public synchronized double allowedDischargeA(double elapsedS) {
        return dischargeEnabled && elapsedS - lastLimitsS <= LIMITS_TIMEOUT_S ? dischargeLimitA : 0;
    }

    private void readFrames(double elapsedS) {
        for (int i = 0; i < MAX_FRAMES_PER_STEP; i++) {
            CanFrame f;
            try {
                f = node.receive(Duration.ZERO);
            } catch (BusException e) {
                return;
            }
            if (f == null) {
                return;
            }
            switch (decoder.decode(f)) {
                case BmsCanMessage.Limits l -> {
                    chargeLimitA = Math.max(0, l.chargeCurrentLimitA());
                    dischargeLimitA = Math.max(0, l.dischargeCurrentLimitA());
                    lastLimitsS = elapsedS;
                }
                case BmsCanMessage.Requests r -> {
                    chargeEnabled = r.chargeEnable();
                    dischargeEnabled = r.dischargeEnable();
                }
                default -> {
                    // Measurements, alarms and names are for the inverter's display.
                }
            }
        }
    }

    /** The current it delivers into the pack now, positive on charge. */
    public synchronized double currentA() {
        return currentA;
    }

    /** The charge and discharge current limits it last read, A. */
    public synchronized double[] limitsA() {
        return new double[] {chargeLimitA, dischargeLimitA};
    }

    @Override
    public void close() throws BusException {
        node.close();
    }
}
