package org.healbms.core.protection;

import java.util.Set;
import org.healbms.core.reading.FrameChannels;
import org.healbms.core.reading.ReadingFrame;

/**
 * What the supervisor looks at, reduced from a reading frame: the extremes of the usable cell
 * voltages and temperatures, the pack current, and whether any value it needs was unusable. The
 * supervisor never sees an estimate: protection must hold when the estimators are wrong.
 *
 * <p>The firmware's own health is an input too: faults of the runtime are diagnoses like any other.
 *
 * <p>Not a record: the firmware keeps one and rewrites it from each tick's frame ({@link #read}), so a
 * tick builds none. The supervisor reads it during its update and keeps none of it.
 */
public final class ProtectionInputs {

    private double minCellVoltageV = Double.NaN;
    private double maxCellVoltageV = Double.NaN;
    private double minTemperatureDegC = Double.NaN;
    private double maxTemperatureDegC = Double.NaN;
    private double currentA = Double.NaN;
    private boolean cellVoltageMissing = true;
    private boolean temperatureMissing = true;
    private Set<FaultId> runtimeConditions = Set.of();

    /** Nothing read yet: every value unknown and missing, until {@link #read} fills it. */
    public ProtectionInputs() {}

    /** Measurements, with a healthy runtime. */
    public ProtectionInputs(
            double minCellVoltageV,
            double maxCellVoltageV,
            double minTemperatureDegC,
            double maxTemperatureDegC,
            double currentA,
            boolean cellVoltageMissing,
            boolean temperatureMissing) {
        this.minCellVoltageV = minCellVoltageV;
        this.maxCellVoltageV = maxCellVoltageV;
        this.minTemperatureDegC = minTemperatureDegC;
        this.maxTemperatureDegC = maxTemperatureDegC;
        this.currentA = currentA;
        this.cellVoltageMissing = cellVoltageMissing;
        this.temperatureMissing = temperatureMissing;
    }

    /**
     * The same measurements with the runtime diagnoses whose condition holds now (see
     * {@code runtimeConditions}), copied: the caller may change its set afterwards.
     */
    public ProtectionInputs withConditions(Set<FaultId> conditions) {
        ProtectionInputs with = new ProtectionInputs(
                minCellVoltageV,
                maxCellVoltageV,
                minTemperatureDegC,
                maxTemperatureDegC,
                currentA,
                cellVoltageMissing,
                temperatureMissing);
        with.runtimeConditions = Set.copyOf(conditions);
        return with;
    }

    public double minCellVoltageV() {
        return minCellVoltageV;
    }

    public double maxCellVoltageV() {
        return maxCellVoltageV;
    }

    public double minTemperatureDegC() {
        return minTemperatureDegC;
    }

    public double maxTemperatureDegC() {
        return maxTemperatureDegC;
    }

    /** Positive on charge; NaN if unusable. */
    public double currentA() {
        return currentA;
    }

    public boolean cellVoltageMissing() {
        return cellVoltageMissing;
    }

    public boolean temperatureMissing() {
        return temperatureMissing;
    }

    /**
     * The runtime diagnoses whose condition holds on this tick, as the firmware found it (live heap above
     * its critical fraction, a lost state not yet acknowledged, loop overrun, storage, contactor feedback,
     * a failed listener, the inverter's CAN link): their table entries debounce and raise them like any
     * measured fault.
     */
    public Set<FaultId> runtimeConditions() {
        return runtimeConditions;
    }

    /** Whether the runtime condition of {@code id} holds on this tick. */
    public boolean holds(FaultId id) {
        return runtimeConditions.contains(id);
    }

    /**
     * Rewrites these inputs from a reading frame: every cell's voltage and temperature channel and the
     * pack current, and the runtime diagnoses whose condition holds now, read straight from the frame:
     * the supervisor runs at every tick, and copies per cell would be garbage. The conditions are
     * kept as given, not copied: the caller's set, which must not change until the supervisor has read
     * them. Returns this.
     */
    public ProtectionInputs read(ReadingFrame frame, FrameChannels channels, Set<FaultId> conditions) {
        int n = channels.cells();
        double vMin = Double.NaN;
        double vMax = Double.NaN;
        boolean vMissing = n == 0;
        double tMin = Double.NaN;
        double tMax = Double.NaN;
        boolean tMissing = true;
        boolean anyTemperature = false;
        for (int k = 0; k < n; k++) {
            int vi = channels.cellVoltage()[k];
            double v = frame.value(vi);
            if (!frame.quality(vi).usable() || !Double.isFinite(v)) {
                vMissing = true;
            } else {
                vMin = Double.isNaN(vMin) ? v : Math.min(vMin, v);
                vMax = Double.isNaN(vMax) ? v : Math.max(vMax, v);
            }
            int ti = channels.cellTemperature()[k];
            if (ti < 0) {
                continue;
            }
            if (!anyTemperature) {
                anyTemperature = true;
                tMissing = false;
            }
            double t = frame.value(ti);
            if (!frame.quality(ti).usable() || !Double.isFinite(t)) {
                tMissing = true;
            } else {
                tMin = Double.isNaN(tMin) ? t : Math.min(tMin, t);
                tMax = Double.isNaN(tMax) ? t : Math.max(tMax, t);
            }
        }
        int ci = channels.packCurrent();
        double current = ci >= 0 ? frame.value(ci) : Double.NaN;
        boolean currentOk = ci >= 0 && frame.quality(ci).usable();
        minCellVoltageV = vMin;
        maxCellVoltageV = vMax;
        minTemperatureDegC = tMin;
        maxTemperatureDegC = tMax;
        currentA = currentOk && Double.isFinite(current) ? current : Double.NaN;
        cellVoltageMissing = vMissing;
        temperatureMissing = tMissing;
        runtimeConditions = conditions;
        return this;
    }
}
