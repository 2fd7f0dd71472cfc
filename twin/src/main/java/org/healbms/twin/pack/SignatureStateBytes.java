package org.healbms.twin.pack;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.healbms.core.signature.CapacityFadeDetector;
import org.healbms.core.signature.PackSignatures;
import org.healbms.core.signature.PersistentCondition;
import org.healbms.core.signature.PlatingRiskDetector;
import org.healbms.core.signature.ResistanceGrowthDetector;
import org.healbms.core.signature.SignatureKind;
import org.healbms.core.signature.StrippingPlateauDetector;
import org.healbms.core.signature.SwellingDetector;

/**
 * The signature detectors' part of a stored twin state, compact because most of it is idle: a
 * condition is one flag byte plus only the times it has; a resistance band one tag byte plus what it
 * has learnt; a cell's rest and plateau only while it has them. Every detector's list is its length
 * then its cells by number; doubles go in as their bits, so a restored detector is the saved one.
 * Then the signatures active after the last record (kind, cell).
 */
final class SignatureStateBytes {

    /** A twin state from before the detectors: each starts from nothing. */
    static final PackSignatures.State NONE = new PackSignatures.State(
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            new StrippingPlateauDetector.State(0, List.of()),
            List.of());

    /** The twin state's last version whose stripping detector ran without the cell's model. */
    static final int VERSION_WITHOUT_MODEL = 4;

    private static final int ACTIVE = 1;
    private static final int CANDIDATE = 2;
    private static final int ACTIVE_SINCE = 4;
    private static final int LEARNING = 1;
    private static final int BASELINE = 2;
    private static final int RESTING = 1;
    private static final int FOUND = 2;
    private static final int BANDS = 5;
    private static final SignatureKind[] KINDS = SignatureKind.values();

    private SignatureStateBytes() {}

    static byte[] write(PackSignatures.State s, List<ActiveSignature> active) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            list(out, s.sensorFaults(), c -> condition(out, c));
            list(out, s.resistanceGrowth(), c -> resistance(out, c));
            list(out, s.swelling(), c -> swelling(out, c));
            list(out, s.hotSpot(), c -> condition(out, c));
            list(out, s.platingRisk(), c -> {
                out.writeLong(c.lastNanos());
                out.writeDouble(c.averageCurrentA());
                condition(out, c.condition());
            });
            out.writeInt(s.strippingPlateau().restsJudged());
            list(out, s.strippingPlateau().cells(), c -> stripping(out, c));
            list(out, s.capacityFade(), c -> {
                out.writeDouble(c.firstCapacityAh());
                out.writeLong(c.firstAtNanos());
                condition(out, c.condition());
            });
            list(out, active, a -> {
                out.writeByte(a.kind().ordinal());
                out.writeInt(a.cell());
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * Reads what {@link #write} wrote from the buffer's position, or what the twin state's version 4
     * wrote ({@code version}); a damaged part is refused with what is wrong.
     */
    static Read read(ByteBuffer b, int version) {
        List<PersistentCondition.State> sensorFaults = list(b, 1, SignatureStateBytes::condition);
        List<ResistanceGrowthDetector.Cell> resistance = list(b, 9 + 1 + BANDS, SignatureStateBytes::resistance);
        List<SwellingDetector.Cell> swelling = list(b, 4 + 16 + 1, SignatureStateBytes::swelling);
        List<PersistentCondition.State> hotSpot = list(b, 1, SignatureStateBytes::condition);
        List<PlatingRiskDetector.Cell> plating =
                list(b, 17, x -> new PlatingRiskDetector.Cell(x.getLong(), x.getDouble(), condition(x)));
        int restsJudged = b.getInt();
        List<StrippingPlateauDetector.Cell> stripping = version > VERSION_WITHOUT_MODEL
                ? list(b, 57, SignatureStateBytes::stripping)
                : list(b, 25, SignatureStateBytes::strippingVersion4);
        List<CapacityFadeDetector.Cell> fade =
                list(b, 17, x -> new CapacityFadeDetector.Cell(x.getDouble(), x.getLong(), condition(x)));
        List<ActiveSignature> active = list(b, 5, x -> {
            int kind = x.get();
            if (kind < 0 || kind >= KINDS.length) {
                throw new IllegalArgumentException("stored twin state names signature kind " + kind);
            }
            return new ActiveSignature(KINDS[kind], x.getInt());
        });
        return new Read(
                new PackSignatures.State(
                        sensorFaults,
                        resistance,
                        swelling,
                        hotSpot,
                        plating,
                        new StrippingPlateauDetector.State(restsJudged, stripping),
                        fade),
                active);
    }

    /** The detectors' state and the signatures active, as read. */
    record Read(PackSignatures.State signatures, List<ActiveSignature> active) {}

    @FunctionalInterface
    private interface Put<T> {
        void put(T value) throws IOException;
    }

    private static <T> void list(DataOutputStream out, List<T> values, Put<T> put) throws IOException {
        out.writeInt(values.size());
        for (T v : values) {
            put.put(v);
        }
    }

    /** A list of at most as many entries as the bytes left can hold at {@code minBytes} each. */
    private static <T> List<T> list(ByteBuffer b, int minBytes, Function<ByteBuffer, T> get) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining() / minBytes) {
            throw new IllegalArgumentException("stored twin state is cut short or damaged: it claims " + n
                    + " signature entries in the last " + b.remaining() + " bytes");
        }
        List<T> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            out.add(get.apply(b));
        }
        return out;
    }

    private static void condition(DataOutputStream out, PersistentCondition.State c) throws IOException {
        boolean candidate = c.candidateSinceNanos() != Long.MIN_VALUE;
        boolean since = c.activeSinceNanos() != Long.MIN_VALUE;
        out.writeByte((c.active() ? ACTIVE : 0) | (candidate ? CANDIDATE : 0) | (since ? ACTIVE_SINCE : 0));
        if (candidate) {
            out.writeLong(c.candidateSinceNanos());
        }
        if (since) {
            out.writeLong(c.activeSinceNanos());
        }
    }

    private static PersistentCondition.State condition(ByteBuffer b) {
        int flags = b.get();
        long candidate = (flags & CANDIDATE) != 0 ? b.getLong() : Long.MIN_VALUE;
        long since = (flags & ACTIVE_SINCE) != 0 ? b.getLong() : Long.MIN_VALUE;
        return new PersistentCondition.State((flags & ACTIVE) != 0, candidate, since);
    }

    private static void resistance(DataOutputStream out, ResistanceGrowthDetector.Cell c) throws IOException {
        out.writeLong(c.lastSeenNanos());
        condition(out, c.condition());
        for (ResistanceGrowthDetector.Band band : c.bands()) {
            boolean learning = band.sum() != 0 || band.count() != 0 || band.learnedNanos() != 0;
            boolean baseline = !Double.isNaN(band.baseline());
            out.writeByte((learning ? LEARNING : 0) | (baseline ? BASELINE : 0));
            if (learning) {
                out.writeDouble(band.sum());
                out.writeDouble(band.count());
                out.writeLong(band.learnedNanos());
            }
            if (baseline) {
                out.writeDouble(band.baseline());
            }
        }
    }

    private static ResistanceGrowthDetector.Cell resistance(ByteBuffer b) {
        long lastSeen = b.getLong();
        PersistentCondition.State condition = condition(b);
        List<ResistanceGrowthDetector.Band> bands = new ArrayList<>(BANDS);
        for (int k = 0; k < BANDS; k++) {
            int tag = b.get();
            double sum = 0;
            double count = 0;
            long learned = 0;
            if ((tag & LEARNING) != 0) {
                sum = b.getDouble();
                count = b.getDouble();
                learned = b.getLong();
            }
            double baseline = (tag & BASELINE) != 0 ? b.getDouble() : Double.NaN;
            bands.add(new ResistanceGrowthDetector.Band(baseline, sum, count, learned));
        }
        return new ResistanceGrowthDetector.Cell(lastSeen, condition, bands);
    }

    private static void swelling(DataOutputStream out, SwellingDetector.Cell c) throws IOException {
        list(out, c.bins(), bin -> {
            out.writeLong(bin.bin());
            out.writeDouble(bin.meanStrain());
            out.writeDouble(bin.samples());
        });
        out.writeDouble(c.smoothedStrain());
        out.writeLong(c.smoothedAtNanos());
        condition(out, c.condition());
    }

    private static SwellingDetector.Cell swelling(ByteBuffer b) {
        List<SwellingDetector.Bin> bins =
                list(b, 24, x -> new SwellingDetector.Bin(x.getLong(), x.getDouble(), x.getDouble()));
        return new SwellingDetector.Cell(bins, b.getDouble(), b.getLong(), condition(b));
    }

    private static void stripping(DataOutputStream out, StrippingPlateauDetector.Cell c) throws IOException {
        out.writeLong(c.lastNanos());
        out.writeDouble(c.chargeAh());
        out.writeDouble(c.temperatureAtChargeDegC());
        out.writeDouble(c.averageChargeA());
        out.writeDouble(c.chargeStress());
        out.writeDouble(c.fastV());
        out.writeDouble(c.slowV());
        StrippingPlateauDetector.Rest rest = c.rest();
        StrippingPlateauDetector.Plateau found = c.found();
        out.writeByte((rest != null ? RESTING : 0) | (found != null ? FOUND : 0));
        if (rest != null) {
            out.writeLong(rest.startNanos());
            out.writeLong(rest.bucketStartNanos());
            out.writeDouble(rest.bucketSumS());
            out.writeDouble(rest.bucketSumV());
            out.writeDouble(rest.bucketSumModelV());
            out.writeInt(rest.bucketCount());
            out.writeInt(rest.buckets());
            for (StrippingPlateauDetector.Bucket bucket : rest.window()) {
                out.writeDouble(bucket.atS());
                out.writeDouble(bucket.meanV());
                out.writeDouble(bucket.meanModelV());
            }
            out.writeDouble(rest.slowestVPerS());
            out.writeDouble(rest.slowestModelVPerS());
        }
        if (found != null) {
            out.writeDouble(found.chargeAh());
            out.writeDouble(found.temperatureDegC());
            out.writeDouble(found.chargeStress());
            out.writeDouble(found.atS());
            out.writeDouble(found.rateVPerS());
            out.writeDouble(found.slowestVPerS());
            out.writeDouble(found.unexplainedRiseVPerS());
            out.writeLong(found.sinceNanos());
        }
    }

    private static StrippingPlateauDetector.Cell stripping(ByteBuffer b) {
        long last = b.getLong();
        double charge = b.getDouble();
        double temperature = b.getDouble();
        double average = b.getDouble();
        double stress = b.getDouble();
        double fast = b.getDouble();
        double slow = b.getDouble();
        int flags = b.get();
        StrippingPlateauDetector.Rest rest = null;
        if ((flags & RESTING) != 0) {
            long start = b.getLong();
            long bucketStart = b.getLong();
            double timeSum = b.getDouble();
            double sum = b.getDouble();
            double modelSum = b.getDouble();
            int count = b.getInt();
            int buckets = buckets(b);
            List<StrippingPlateauDetector.Bucket> window = new ArrayList<>();
            for (int k = 0; k < Math.min(buckets, StrippingPlateauDetector.WINDOW_BUCKETS); k++) {
                window.add(new StrippingPlateauDetector.Bucket(b.getDouble(), b.getDouble(), b.getDouble()));
            }
            rest = new StrippingPlateauDetector.Rest(
                    start, bucketStart, timeSum, sum, modelSum, count, buckets, window, b.getDouble(), b.getDouble());
        }
        StrippingPlateauDetector.Plateau found = (flags & FOUND) == 0
                ? null
                : new StrippingPlateauDetector.Plateau(
                        b.getDouble(),
                        b.getDouble(),
                        b.getDouble(),
                        b.getDouble(),
                        b.getDouble(),
                        b.getDouble(),
                        b.getDouble(),
                        b.getLong());
        return new StrippingPlateauDetector.Cell(last, charge, temperature, average, stress, fast, slow, rest, found);
    }

    /**
     * A stripping detector's cell as version 4 stored it, before the detector ran the cell's model: a
     * charge or rest under way then is forgotten (its relaxation cannot be judged against a model that
     * did not see the charge), a plateau found is kept, its charge's stress unknown and all of its rise
     * unexplained, as that detector judged.
     */
    private static StrippingPlateauDetector.Cell strippingVersion4(ByteBuffer b) {
        long last = b.getLong();
        b.getDouble(); // the charge
        b.getDouble(); // its temperature
        int flags = b.get();
        if ((flags & RESTING) != 0) {
            b.position(b.position() + 8 + 8 + 8 + 4);
            int buckets = buckets(b);
            b.position(b.position() + 16 * Math.min(buckets, StrippingPlateauDetector.WINDOW_BUCKETS) + 8);
        }
        StrippingPlateauDetector.Plateau found = null;
        if ((flags & FOUND) != 0) {
            double charge = b.getDouble();
            double temperature = b.getDouble();
            double at = b.getDouble();
            double rate = b.getDouble();
            double slowest = b.getDouble();
            found = new StrippingPlateauDetector.Plateau(
                    charge, temperature, Double.NaN, at, rate, slowest, rate - slowest, b.getLong());
        }
        return new StrippingPlateauDetector.Cell(last, 0, Double.NaN, 0, 0, 0, 0, null, found);
    }

    private static int buckets(ByteBuffer b) {
        int buckets = b.getInt();
        if (buckets < 0) {
            throw new IllegalArgumentException("stored twin state has a rest of " + buckets + " buckets");
        }
        return buckets;
    }
}
