package org.healbms.core.impedance;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A cell's impedance over its life, bounded: the last {@code recentCapacity} records, and its
 * baselines. A baseline is the first record taken under conditions no earlier baseline covers: within
 * {@value #SOC_WINDOW} of state of charge and {@value #TEMPERATURE_WINDOW_K} K (charge-transfer
 * resistance roughly halves per 10 K of warming, and varies with SoC, so a record is only ever
 * compared with a baseline measured under similar conditions). The windows sit around each
 * baseline rather than on a fixed grid: on a grid a cell resting at 29.9 °C and then 30.1 °C would
 * start a second baseline from an already aged cell. At most {@value #MAX_BASELINES} baselines are
 * kept; a record under conditions none of them covers after that is kept but never compared.
 */
public final class ImpedanceHistory {

    public static final double SOC_WINDOW = 0.1;
    public static final double TEMPERATURE_WINDOW_K = 5.0;
    static final int MAX_BASELINES = 40;

    private final int recentCapacity;
    private final List<ImpedanceRecord> baselines = new ArrayList<>();
    private final Deque<ImpedanceRecord> recent = new ArrayDeque<>();
    private long recorded;

    public ImpedanceHistory(int recentCapacity) {
        if (recentCapacity < 1) {
            throw new IllegalArgumentException("an impedance history keeps at least one recent record");
        }
        this.recentCapacity = recentCapacity;
    }

    /** A history as it was saved; the records must be in time order. */
    public static ImpedanceHistory restore(
            int recentCapacity, List<ImpedanceRecord> baselines, List<ImpedanceRecord> recent, long recorded) {
        ImpedanceHistory h = new ImpedanceHistory(recentCapacity);
        h.baselines.addAll(baselines.subList(0, Math.min(baselines.size(), MAX_BASELINES)));
        List<ImpedanceRecord> kept = recent.subList(Math.max(0, recent.size() - recentCapacity), recent.size());
        h.recent.addAll(kept);
        h.recorded = Math.max(recorded, kept.size());
        return h;
    }

    /**
     * Adds a record and returns the baseline it compares with; empty when no baseline covers its
     * conditions (it then becomes one, if there is room and its conditions are known).
     */
    public Optional<ImpedanceRecord> add(ImpedanceRecord r) {
        Optional<ImpedanceRecord> baseline = baselineFor(r);
        if (baseline.isEmpty() && known(r) && baselines.size() < MAX_BASELINES) {
            baselines.add(r);
        }
        recent.addLast(r);
        if (recent.size() > recentCapacity) {
            recent.removeFirst();
        }
        recorded++;
        return baseline;
    }

    /**
     * The baseline a record compares with: another record, taken no later, within both windows,
     * nearest in temperature. Empty for a record whose SoC or temperature is not known.
     */
    public Optional<ImpedanceRecord> baselineFor(ImpedanceRecord r) {
        if (!known(r)) {
            return Optional.empty();
        }
        return baselines.stream()
                .filter(b -> !b.equals(r) && b.epochMs() <= r.epochMs())
                .filter(b -> Math.abs(b.soc() - r.soc()) <= SOC_WINDOW
                        && Math.abs(b.temperatureDegC() - r.temperatureDegC()) <= TEMPERATURE_WINDOW_K)
                .min(Comparator.comparingDouble(b -> Math.abs(b.temperatureDegC() - r.temperatureDegC())));
    }

    private static boolean known(ImpedanceRecord r) {
        return Double.isFinite(r.soc()) && Double.isFinite(r.temperatureDegC());
    }

    public List<ImpedanceRecord> baselines() {
        return List.copyOf(baselines);
    }

    public List<ImpedanceRecord> recent() {
        return List.copyOf(recent);
    }

    /** Every record held (baselines and recent ones, each once), in time order. */
    public List<ImpedanceRecord> records() {
        List<ImpedanceRecord> all = new ArrayList<>(baselines);
        for (ImpedanceRecord r : recent) {
            if (!baselines.contains(r)) {
                all.add(r);
            }
        }
        all.sort(Comparator.comparingLong(ImpedanceRecord::epochMs));
        return all;
    }

    /** How many records are held (a baseline that is also recent counts once). */
    public int size() {
        int n = baselines.size();
        for (ImpedanceRecord r : recent) {
            n += baselines.contains(r) ? 0 : 1;
        }
        return n;
    }

    public Optional<ImpedanceRecord> latest() {
        return Optional.ofNullable(recent.peekLast());
    }

    /** Records added over the cell's life, including those no longer held. */
    public long recorded() {
        return recorded;
    }

    public int recentCapacity() {
        return recentCapacity;
    }
}
