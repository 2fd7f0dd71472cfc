package org.healbms.sim.board;

import org.healbms.drivers.platform.ModelledContactors;

/**
 * The pack's contactors and the load's DC link as a circuit: closing the precharge path charges the
 * link capacitance through the precharge resistor (time constant R·C), closing main positive ties it
 * to the pack, and with everything open a bleed resistor discharges it. What the firmware's
 * precharge check sees on a desktop.
 */
public final class EmulatedContactors implements ModelledContactors {

    private final double prechargeTauS;
    private final double bleedTauS;
    private boolean negative;
    private boolean precharge;
    private boolean positive;
    private double linkV;
    private long lastNanos = Long.MIN_VALUE;

    public EmulatedContactors(double prechargeTauS, double bleedTauS) {
        this.prechargeTauS = prechargeTauS;
        this.bleedTauS = bleedTauS;
    }

    @Override
    public synchronized void set(boolean mainNegative, boolean prechargeRelay, boolean mainPositive) {
        negative = mainNegative;
        precharge = prechargeRelay;
        positive = mainPositive;
    }

    /** Whether the pack is tied to the load and charger: both main contactors closed. */
    public synchronized boolean conducting() {
        return negative && positive;
    }

    @Override
    public synchronized double linkVoltage(double packV, long nowNanos) {
        double dt = lastNanos == Long.MIN_VALUE ? 0 : (nowNanos - lastNanos) / 1e9;
        lastNanos = nowNanos;
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
