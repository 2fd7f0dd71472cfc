package org.healbms.twin.pack;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.healbms.core.estimation.FilterState;
import org.healbms.core.life.EventCount;
import org.healbms.core.life.LifeStoryRecord;
import org.healbms.core.life.Throughput;

/**
 * The store's and the changelog's form of a {@link TwinState}: a version byte, the last tick and
 * time, then per cell its 47 doubles (state, full covariance, resistance scale and variance,
 * sustained current, the model-error check's two means) and the strain zero where the filter has a
 * gauge, then the life story (its times, the pack's and each cell's throughput, time at extremes and
 * events, faults, losses) and when it was last published, then the protection faults active in the
 * last record and the signature detectors' state with the signatures active
 * ({@link SignatureStateBytes}). Doubles go in as their bits, so a restored filter, story and
 * detector are the ones that were saved, to the last digit. Versions 1 (before the story and the
 * check's means), 2 (the story, no means) and 3 (before the faults and the detectors) are still
 * read: what they lack starts from nothing; and version 4, whose stripping-plateau detector ran
 * without the cell's model (a charge or rest it had under way is forgotten).
 */
public final class TwinStateBytes {

    static final byte VERSION = 5;
    private static final byte VERSION_WITHOUT_STORY = 1;
    private static final byte VERSION_WITHOUT_SIGNATURES = 3;
    private static final int SIZE = 6;
    /** A throughput: eight sums, two event counts and their last times. */
    private static final int THROUGHPUT_BYTES = 8 * 8 + 4 * 8;

    private TwinStateBytes() {}

    public static int size(TwinState s) {
        return size(s, SignatureStateBytes.write(s.signatures(), s.activeSignatures()));
    }

    private static int size(TwinState s, byte[] signatures) {
        int bytes = 1 + 8 + 8 + 4;
        for (FilterState f : s.cells()) {
            bytes += (SIZE + SIZE * SIZE + 5) * 8 + 1 + (f.strainZero() == null ? 0 : (2 + SIZE) * 8);
        }
        LifeStoryRecord story = s.story();
        bytes += 8 + 8 + 8 + 16 + (1 + story.cells().size()) * THROUGHPUT_BYTES + 4 + 8;
        for (String fault : story.faults().keySet()) {
            bytes += 4 + fault.getBytes(StandardCharsets.UTF_8).length + 16;
        }
        bytes += 4;
        for (String fault : s.activeFaults()) {
            bytes += 4 + fault.getBytes(StandardCharsets.UTF_8).length;
        }
        return bytes + signatures.length;
    }

    public static byte[] write(TwinState s) {
        byte[] signatures = SignatureStateBytes.write(s.signatures(), s.activeSignatures());
        ByteBuffer b = ByteBuffer.allocate(size(s, signatures));
        b.put(VERSION)
                .putLong(s.lastTick())
                .putLong(s.lastTimeNanos())
                .putInt(s.cells().size());
        for (FilterState f : s.cells()) {
            put(b, f.state());
            put(b, f.covariance());
            b.putDouble(f.resistanceScale())
                    .putDouble(f.resistanceScaleVariance())
                    .putDouble(f.sustainedCurrentA())
                    .putDouble(f.modelErrorCheck().meanInnovationV())
                    .putDouble(f.modelErrorCheck().meanInnovationVarianceV2());
            FilterState.StrainZero zero = f.strainZero();
            b.put((byte) (zero == null ? 0 : 1));
            if (zero != null) {
                b.putDouble(zero.offset()).putDouble(zero.variance());
                put(b, zero.covarianceWithState());
            }
        }
        LifeStoryRecord story = s.story();
        b.putLong(story.firstEpochMs()).putLong(story.lastUpdateEpochMs()).putDouble(story.operatingS());
        put(b, story.historyLost());
        put(b, story.pack());
        story.cells().forEach(t -> put(b, t));
        b.putInt(story.faults().size());
        story.faults().forEach((id, count) -> {
            name(b, id);
            put(b, count);
        });
        b.putLong(s.lastStoryNanos());
        b.putInt(s.activeFaults().size());
        for (String fault : s.activeFaults()) {
            name(b, fault);
        }
        b.put(signatures);
        return b.array();
    }

    private static void name(ByteBuffer b, String id) {
        byte[] name = id.getBytes(StandardCharsets.UTF_8);
        b.putInt(name.length).put(name);
    }

    private static String name(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("stored twin state has a fault id of " + n + " bytes");
        }
        byte[] name = new byte[n];
        b.get(name);
        return new String(name, StandardCharsets.UTF_8);
    }

    private static void put(ByteBuffer b, Throughput t) {
        b.putDouble(t.chargeAh())
                .putDouble(t.dischargeAh())
                .putDouble(t.chargeKWh())
                .putDouble(t.dischargeKWh())
                .putDouble(t.extremeHighS())
                .putDouble(t.extremeLowS())
                .putDouble(t.extremeHighChargingS())
                .putDouble(t.extremeLowChargingS());
        put(b, t.deepDischarges());
        put(b, t.overcharges());
    }

    private static void put(ByteBuffer b, EventCount c) {
        b.putLong(c.count()).putLong(c.lastEpochMs());
    }

    private static Throughput throughput(ByteBuffer b) {
        return new Throughput(
                b.getDouble(),
                b.getDouble(),
                b.getDouble(),
                b.getDouble(),
                b.getDouble(),
                b.getDouble(),
                b.getDouble(),
                b.getDouble(),
                events(b),
                events(b));
    }

    private static EventCount events(ByteBuffer b) {
        return new EventCount(b.getLong(), b.getLong());
    }

    /** The story where a version-1 state has none: nothing counted yet. */
    private static LifeStoryRecord noStory(int cells) {
        return new LifeStoryRecord(
                EventCount.NEVER,
                EventCount.NEVER,
                0,
                Throughput.NONE,
                Collections.nCopies(cells, Throughput.NONE),
                Map.of(),
                EventCount.NONE);
    }

    private static LifeStoryRecord story(ByteBuffer b, int cells, int length) {
        long first = b.getLong();
        long last = b.getLong();
        double operating = b.getDouble();
        EventCount lost = events(b);
        Throughput pack = throughput(b);
        List<Throughput> perCell = new ArrayList<>(cells);
        for (int k = 0; k < cells; k++) {
            perCell.add(throughput(b));
        }
        int faults = b.getInt();
        if (faults < 0 || faults > b.remaining() / 20) {
            throw new IllegalArgumentException(
                    "stored twin state claims " + faults + " faults in " + length + " bytes");
        }
        Map<String, EventCount> byId = new TreeMap<>();
        for (int i = 0; i < faults; i++) {
            byId.put(name(b), events(b));
        }
        return new LifeStoryRecord(first, last, operating, pack, perCell, byId, lost);
    }

    /** Reads a stored state; a damaged one is refused with what is wrong, never half read. */
    public static TwinState read(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try {
            byte version = b.get();
            if (version < VERSION_WITHOUT_STORY || version > VERSION) {
                throw new IllegalArgumentException("stored twin state has version " + version + ", this twin reads "
                        + VERSION_WITHOUT_STORY + " to " + VERSION);
            }
            long tick = b.getLong();
            long time = b.getLong();
            int cells = b.getInt();
            boolean checked = version >= VERSION_WITHOUT_SIGNATURES;
            int cellDoubles = SIZE + SIZE * SIZE + (checked ? 5 : 3);
            if (cells < 1 || cells > b.remaining() / (cellDoubles * 8)) {
                throw new IllegalArgumentException(
                        "stored twin state claims " + cells + " cells in " + bytes.length + " bytes");
            }
            List<FilterState> filters = new ArrayList<>(cells);
            for (int k = 0; k < cells; k++) {
                double[] state = get(b, SIZE);
                double[] covariance = get(b, SIZE * SIZE);
                double scale = b.getDouble();
                double scaleVariance = b.getDouble();
                double sustained = b.getDouble();
                FilterState.ModelErrorCheck check = checked
                        ? new FilterState.ModelErrorCheck(b.getDouble(), b.getDouble())
                        : FilterState.ModelErrorCheck.NONE;
                FilterState.StrainZero zero =
                        b.get() == 0 ? null : new FilterState.StrainZero(b.getDouble(), b.getDouble(), get(b, SIZE));
                filters.add(new FilterState(state, covariance, scale, scaleVariance, zero, sustained, check));
            }
            LifeStoryRecord story = version == VERSION_WITHOUT_STORY ? noStory(cells) : story(b, cells, bytes.length);
            long lastStory = version == VERSION_WITHOUT_STORY ? Long.MIN_VALUE : b.getLong();
            List<String> activeFaults = new ArrayList<>();
            SignatureStateBytes.Read signatures = new SignatureStateBytes.Read(SignatureStateBytes.NONE, List.of());
            if (version > VERSION_WITHOUT_SIGNATURES) {
                int n = b.getInt();
                if (n < 0 || n > b.remaining() / 4) {
                    throw new IllegalArgumentException(
                            "stored twin state claims " + n + " active faults in " + bytes.length + " bytes");
                }
                for (int i = 0; i < n; i++) {
                    activeFaults.add(name(b));
                }
                signatures = SignatureStateBytes.read(b, version);
            }
            if (b.hasRemaining()) {
                throw new IllegalArgumentException("stored twin state has " + b.remaining() + " bytes past its end");
            }
            return new TwinState(
                    tick, time, filters, story, lastStory, activeFaults, signatures.signatures(), signatures.active());
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("stored twin state is cut short at byte " + bytes.length, e);
        }
    }

    private static void put(ByteBuffer b, double[] values) {
        for (double v : values) {
            b.putDouble(v);
        }
    }

    private static double[] get(ByteBuffer b, int n) {
        double[] values = new double[n];
        for (int k = 0; k < n; k++) {
            values[k] = b.getDouble();
        }
        return values;
    }
}
