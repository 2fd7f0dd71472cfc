package org.healbms.core.signature;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.reading.ReadingFrame;

/**
 * The firmware's degradation-signature detectors for one pack, with the windows the controller runs
 * them with: the sensor-fault signature on each frame, then the detectors fed every cell's
 * observation, in that order (the healing controller's). The controller wires them into its healing
 * tick; the twin runs the same set per pack and keeps its {@link State} with the pack's filters, so a
 * restored twin goes on finding what the uninterrupted one would. Impedance growth is not here: it
 * is fed by the controller's own sweeps, which no telemetry carries.
 */
public final class PackSignatures {

    // The windows. Each is long enough that the sign is the cell's and not the tracker's noise or a
    // passing load, and short enough that the rules still act in time.
    /** Resistance growth must hold 10 min: the tracker's bound needs minutes of current steps to tighten. */
    public static final Duration RESISTANCE_GROWTH_PERSIST = Duration.ofMinutes(10);
    /** Its per-SoC-band baseline is the first 30 min of settled tracking in that band. */
    public static final Duration RESISTANCE_BASELINE_WINDOW = Duration.ofMinutes(30);
    /** Swelling is the strain residual smoothed over 10 min held for an hour: SEI growth is slow, breathing is not. */
    public static final Duration SWELLING_PERSIST = Duration.ofHours(1);
    /** A hot spot held 30 s: longer than a sensor's settling after a load step, short against a cell heating up. */
    public static final Duration HOT_SPOT_PERSIST = Duration.ofSeconds(30);
    /** Plating risk held 10 s on top of its 30 s current average: regenerative bursts do not count. */
    public static final Duration PLATING_RISK_PERSIST = Duration.ofSeconds(10);
    /** Capacity fade held an hour: the learned capacity moves with each partial cycle before it settles. */
    public static final Duration CAPACITY_FADE_PERSIST = Duration.ofHours(1);
    /** A channel faulty for 5 s: a connector flickering for a tick is not a faulty sensor. */
    public static final Duration SENSOR_FAULT_PERSIST = Duration.ofSeconds(5);

    private final SensorFaultDetector sensorFaults = new SensorFaultDetector(SENSOR_FAULT_PERSIST.toNanos());
    private final ResistanceGrowthDetector resistance =
            new ResistanceGrowthDetector(RESISTANCE_GROWTH_PERSIST.toNanos(), RESISTANCE_BASELINE_WINDOW.toNanos());
    private final SwellingDetector swelling = new SwellingDetector(SWELLING_PERSIST.toNanos());
    private final HotSpotDetector hotSpot = new HotSpotDetector(HOT_SPOT_PERSIST.toNanos());
    private final PlatingRiskDetector plating;
    private final StrippingPlateauDetector stripping;
    private final CapacityFadeDetector capacityFade;
    private final List<SignatureDetector> detectors;

    /**
     * Every detector's state, by cell number (0: the pack) up to the highest cell it has seen: what
     * {@link #restore} continues from.
     */
    public record State(
            List<PersistentCondition.State> sensorFaults,
            List<ResistanceGrowthDetector.Cell> resistanceGrowth,
            List<SwellingDetector.Cell> swelling,
            List<PersistentCondition.State> hotSpot,
            List<PlatingRiskDetector.Cell> platingRisk,
            StrippingPlateauDetector.State strippingPlateau,
            List<CapacityFadeDetector.Cell> capacityFade) {

        public State {
            sensorFaults = List.copyOf(sensorFaults);
            resistanceGrowth = List.copyOf(resistanceGrowth);
            swelling = List.copyOf(swelling);
            hotSpot = List.copyOf(hotSpot);
            platingRisk = List.copyOf(platingRisk);
            Objects.requireNonNull(strippingPlateau, "strippingPlateau");
            capacityFade = List.copyOf(capacityFade);
        }
    }

    /**
     * @param cell the cell file: its capacity is what plating's safe current and capacity fade are
     *             against, and its model what a stripping plateau must stand out from
     */
    public PackSignatures(CellParameters cell) {
        double ratedCapacityAh = cell.capacityAh();
        this.plating = new PlatingRiskDetector(PLATING_RISK_PERSIST.toNanos(), ratedCapacityAh);
        this.stripping = new StrippingPlateauDetector(ratedCapacityAh, cell);
        this.capacityFade = new CapacityFadeDetector(CAPACITY_FADE_PERSIST.toNanos(), ratedCapacityAh);
        this.detectors = List.of(resistance, swelling, hotSpot, plating, stripping, capacityFade);
    }

    /** The detectors fed the cells' observations, in the order they run. */
    public List<SignatureDetector> detectors() {
        return detectors;
    }

    /** The sensor-fault signature, fed each frame before the detectors. */
    public SensorFaultDetector sensorFaults() {
        return sensorFaults;
    }

    /**
     * One tick, at the frame's time: the frame's sensor faults, then every detector on the cells'
     * observations. Returns the signatures active after it, in that order.
     */
    public List<DegradationSignature> update(ReadingFrame frame, List<CellObservation> cells) {
        List<DegradationSignature> found = new ArrayList<>(sensorFaults.update(frame));
        for (SignatureDetector d : detectors) {
            found.addAll(d.update(cells, frame.monotonicNanos()));
        }
        return found;
    }

    public State snapshot() {
        return new State(
                sensorFaults.snapshot(),
                resistance.snapshot(),
                swelling.snapshot(),
                hotSpot.snapshot(),
                plating.snapshot(),
                stripping.snapshot(),
                capacityFade.snapshot());
    }

    /** Continues from a {@link #snapshot}: every detector acts as the one it was taken of would have. */
    public void restore(State s) {
        sensorFaults.restore(s.sensorFaults());
        resistance.restore(s.resistanceGrowth());
        swelling.restore(s.swelling());
        hotSpot.restore(s.hotSpot());
        plating.restore(s.platingRisk());
        stripping.restore(s.strippingPlateau());
        capacityFade.restore(s.capacityFade());
    }
}
