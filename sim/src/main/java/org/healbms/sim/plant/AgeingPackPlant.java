package org.healbms.sim.plant;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import org.healbms.drivers.platform.Charger;

/**
 * An {@link AgeingPack} as the plant a board's emulated chips measure: moved on to each time the board
 * asks for, in steps no longer than {@code maxStepS} while current flows or a heater runs, and in one
 * leap over a rest (until the usage next changes). The chips see the true state through
 * {@link MeasurementNoise}; the truth stays in the pack for whoever scores the firmware. The load and
 * the charger sit behind the pack's contactors: with them open, nothing flows whatever the usage asks.
 */
public final class AgeingPackPlant implements PackPlant {

    /** Gaps shorter than this are stepped even at rest: a leap's chunking is not worth it. */
    static final double LEAP_MIN_S = 60.0;
    /**
     * The shortest step, s: a usage change a rounding error ahead of now (a recorded sample time
     * reached by summing steps) must not be stepped to in steps too small to move the clock.
     */
    static final double MIN_STEP_S = 1e-3;

    private final AgeingPack pack;
    private final PackUsage usage;
    private final MeasurementNoise noise;
    private final double maxStepS;
    private volatile BooleanSupplier connected = () -> true;
    private volatile double loadLimitA = Double.POSITIVE_INFINITY;
    private volatile double chargeLimitA = Double.POSITIVE_INFINITY;

    public AgeingPackPlant(AgeingPack pack, PackUsage usage, MeasurementNoise noise, double maxStepS) {
        if (!(maxStepS > 0)) {
            throw new IllegalArgumentException("a plant's step must be > 0 s, got " + maxStepS);
        }
        this.pack = pack;
        this.usage = usage;
        this.noise = noise;
        this.maxStepS = maxStepS;
    }

    public AgeingPack pack() {
        return pack;
    }

    /** Puts the load and the charger behind a switch (the contactors): open, the usage reaches nothing. */
    public void connectThrough(BooleanSupplier closed) {
        this.connected = closed;
    }

    /**
     * The most the load may draw, A (the BMS's discharge limit, which a vehicle's or an inverter's
     * controller respects); infinite until set.
     */
    public void limitLoad(double dischargeLimitA) {
        this.loadLimitA = Double.isNaN(dischargeLimitA) ? 0.0 : Math.max(0.0, dischargeLimitA);
    }

    /**
     * The most a charge may put in, A (the BMS's charge limit): a vehicle's controller keeps its
     * regeneration within it (the friction brakes take the rest), and a charger that listens to the
     * BMS (over CAN, as vehicle chargers do) charges within it; infinite until set.
     */
    public void limitCharge(double chargeLimitA) {
        this.chargeLimitA = Double.isNaN(chargeLimitA) ? 0.0 : Math.max(0.0, chargeLimitA);
    }

    /** What the usage asks of the pack now, if the contactors let it reach the pack, within the BMS's limits. */
    private double request() {
        if (!connected.getAsBoolean()) {
            return 0.0;
        }
        double asked = usage.requestedA(pack.elapsedS());
        return asked < 0 ? Math.max(asked, -loadLimitA) : Math.min(asked, chargeLimitA);
    }

    @Override
    public int cells() {
        return pack.cells();
    }

    /**
     * Whether anything moves in the pack now: current asked for that the charger would let flow, or a
     * heater on. When nothing does, the plant can leap to the usage's next change.
     */
    public boolean active() {
        double request = request();
        return request < 0 || (request > 0 && pack.charger().wouldDeliver()) || pack.heating();
    }

    /** When the usage next changes what it asks, s since the start. */
    public double nextChangeS() {
        return usage.nextChangeS(pack.elapsedS());
    }

    @Override
    public void advanceTo(double elapsedS) {
        while (elapsedS - pack.elapsedS() > 1e-6) {
            double now = pack.elapsedS();
            double until = Math.min(elapsedS, Math.max(usage.nextChangeS(now), now + MIN_STEP_S));
            if (!active() && until - now >= LEAP_MIN_S) {
                pack.rest(until - now);
            } else {
                pack.step(Math.min(until - now, maxStepS), request());
            }
        }
    }

    @Override
    public double cellVoltage(int cell, double elapsedS) {
        return noise.cellVoltage(cell, pack.cell(cell).terminalVoltage(pack.currentA()));
    }

    @Override
    public double currentA(double elapsedS) {
        return noise.current(pack.currentA());
    }

    @Override
    public double temperatureDegC(int cell, double elapsedS) {
        return noise.temperature(cell, pack.cell(cell).surfaceDegC());
    }

    /** The can's hoop strain follows the lithium in the electrodes (breathing), as on a recording. */
    @Override
    public double hoopStrain(int cell, double elapsedS) {
        return TracePlant.HOOP_STRAIN_FULL_SWING * pack.cell(cell).soc();
    }

    @Override
    public Optional<DoubleConsumer> heater(int cell, double powerW) {
        return Optional.of(pack.heater(cell, powerW));
    }

    @Override
    public Optional<Charger> charger() {
        return Optional.of(pack.charger());
    }
}
