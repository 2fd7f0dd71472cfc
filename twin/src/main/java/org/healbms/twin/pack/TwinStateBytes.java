package org.healbms.twin.pack;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.healbms.core.estimation.FilterState;

/**
 * The store's and the changelog's form of a {@link TwinState}: a version byte, the last tick and
 * time, then per cell its 47 doubles (state, full covariance, resistance scale and variance,
 * sustained current, the model-error check's two means) and the strain zero where the filter has a
 * gauge. Version 1 (before the means) is still read; its means start from nothing. Doubles go in as their bits,
 * so a restored filter is the one that was saved, to the last digit.
 */
public final class TwinStateBytes {

    static final byte VERSION = 2;
    private static final byte VERSION_WITHOUT_CHECK = 1;
    private static final int SIZE = 6;

    private TwinStateBytes() {}

    public static int size(TwinState s) {
        int bytes = 1 + 8 + 8 + 4;
        for (FilterState f : s.cells()) {
            bytes += (SIZE + SIZE * SIZE + 5) * 8 + 1 + (f.strainZero() == null ? 0 : (2 + SIZE) * 8);
        }
        return bytes;
    }

    public static byte[] write(TwinState s) {
        ByteBuffer b = ByteBuffer.allocate(size(s));
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
        return b.array();
    }

    /** Reads a stored state; a damaged one is refused with what is wrong, never half read. */
    public static TwinState read(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try {
            byte version = b.get();
            if (version != VERSION && version != VERSION_WITHOUT_CHECK) {
                throw new IllegalArgumentException(
                        "stored twin state has version " + version + ", this twin reads " + VERSION);
            }
            long tick = b.getLong();
            long time = b.getLong();
            int cells = b.getInt();
            int cellDoubles = SIZE + SIZE * SIZE + (version == VERSION ? 5 : 3);
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
                FilterState.ModelErrorCheck check = version == VERSION
                        ? new FilterState.ModelErrorCheck(b.getDouble(), b.getDouble())
                        : FilterState.ModelErrorCheck.NONE;
                FilterState.StrainZero zero =
                        b.get() == 0 ? null : new FilterState.StrainZero(b.getDouble(), b.getDouble(), get(b, SIZE));
                filters.add(new FilterState(state, covariance, scale, scaleVariance, zero, sustained, check));
            }
            if (b.hasRemaining()) {
                throw new IllegalArgumentException("stored twin state has " + b.remaining() + " bytes past its end");
            }
            return new TwinState(tick, time, filters);
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
