package org.healbms.sim.board;

import java.util.EnumMap;
import java.util.Map;
import org.healbms.core.pack.Contactor;
import org.healbms.drivers.platform.ModelledContactors;

/**
 * The pack's contactors and the load's DC link as a circuit: closing the precharge path charges the
 * link capacitance through the precharge resistor (time constant R·C), closing main positive ties it
 * to the pack, and with everything open a bleed resistor discharges it. What the firmware's
 * precharge check sees on a desktop.
 *
 * <p>A contactor can be made to fail: {@link Failure#WELDED} stays closed whatever its coil is told
 * (contacts fused by an arc), {@link Failure#STUCK_OPEN} never closes (a broken coil). The link and the
 * auxiliary contacts ({@link #closed}) follow where the contacts really are, not the command.
 * {@link Failure#COIL_DRIVER} refuses every command with an exception, as the GPIO contactors do
 * when their line cannot be written: the contacts stay where they were.
 */
public final class EmulatedContactors implements ModelledContactors {

    /** How an emulated contactor fails. */
    public enum Failure {
        WELDED,
        STUCK_OPEN,
        COIL_DRIVER
    }

    private final double prechargeTauS;
    private final double bleedTauS;
    private final Map<Contactor, Boolean> commanded = new EnumMap<>(
            Map.of(Contactor.MAIN_NEGATIVE, false, Contactor.PRECHARGE, false, Contactor.MAIN_POSITIVE, false));
    private final Map<Contactor, Failure> failures = new EnumMap<>(Contactor.class);
    private double linkV;
    private long lastNanos = Long.MIN_VALUE;

    public EmulatedContactors(double prechargeTauS, double bleedTauS) {
        this.prechargeTauS = prechargeTauS;
        this.bleedTauS = bleedTauS;
    }

    @Override
    public synchronized void set(boolean mainNegative, boolean prechargeRelay, boolean mainPositive) {
        for (Map.Entry<Contactor, Failure> f : failures.entrySet()) {
            if (f.getValue() == Failure.COIL_DRIVER) {
                throw new IllegalStateException(
                        "contactor GPIO failed: " + f.getKey() + " coil driver does not answer");
            }
        }
        commanded.put(Contactor.MAIN_NEGATIVE, mainNegative);
        commanded.put(Contactor.PRECHARGE, prechargeRelay);
        commanded.put(Contactor.MAIN_POSITIVE, mainPositive);
    }

    /** Makes {@code contactor} fail as {@code failure} from now on (a fault injection for tests and benches). */
    public synchronized void fail(Contactor contactor, Failure failure) {
        failures.put(contactor, failure);
    }

    /** Repairs {@code contactor}: it follows its coil again. */
    public synchronized void repair(Contactor contactor) {
        failures.remove(contactor);
    }

    /** Where the contacts are: what the coil was told, unless the contactor has failed. */
    public synchronized boolean closed(Contactor contactor) {
        Failure f = failures.get(contactor);
        return f == null || f == Failure.COIL_DRIVER ? commanded.get(contactor) : f == Failure.WELDED;
    }

    /** Whether the pack is tied to the load and charger: both main contactors closed. */
    public synchronized boolean conducting() {
        return closed(Contactor.MAIN_NEGATIVE) && closed(Contactor.MAIN_POSITIVE);
    }

    @Override
    public synchronized double linkVoltage(double packV, long nowNanos) {
        double dt = lastNanos == Long.MIN_VALUE ? 0 : (nowNanos - lastNanos) / 1e9;
        lastNanos = nowNanos;
        boolean negative = closed(Contactor.MAIN_NEGATIVE);
        boolean precharge = closed(Contactor.PRECHARGE);
        boolean positive = closed(Contactor.MAIN_POSITIVE);
        if (negative && positive) {
            linkV = packV;
        } else if (negative && precharge) {
            linkV = packV + (linkV - packV) * Math.exp(-dt / prechargeTauS);
        } else {
            linkV *= Math.exp(-dt / bleedTauS);
        }
        return linkV;
    }
}
