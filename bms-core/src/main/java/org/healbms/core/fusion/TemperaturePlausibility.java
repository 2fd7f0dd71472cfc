package org.healbms.core.fusion;

import java.util.Arrays;

/**
 * When a cell's two temperature sensors (an NTC on the can, an FBG beside it) disagree, decides
 * whether one of them failed or the cell really changed, using the cells around it as the third
 * opinion and how the disagreement arose:
 * <ul>
 * <li>one sensor agrees with the neighbours' median and the other does not: the other failed, unless
 *     it moved gradually (a real local change, below) ;</li>
 * <li>a jump larger than a cell's thermal mass allows in one step ({@value #MAX_CREDIBLE_K_PER_S} K/s)
 *     is a sensor failing, whichever way;</li>
 * <li>a sensor that rose gradually away from its neighbours while the other sensor stayed with them
 *     is read as a local change the other cannot see (an FBG inside a wound cell sees the core, an
 *     NTC on the can lags): the cell changed, keep both, watch it.</li>
 * </ul>
 */
public final class TemperaturePlausibility {

    static final double DISAGREE_K = 3.0;
    static final double AGREE_WITH_NEIGHBOURS_K = 2.0;
    static final double MAX_CREDIBLE_K_PER_S = 2.0;

    public enum Verdict {
        /** The sensors agree. */
        CONSISTENT,
        /** The NTC has failed: trust the FBG. */
        NTC_FAILED,
        /** The FBG has failed: trust the NTC. */
        FBG_FAILED,
        /** The cell changed (a local warming one sensor sees first): both sensors stand. */
        CELL_CHANGED,
        /** They disagree and nothing says which is right: treat the temperature as unknown. */
        UNDECIDED
    }

    private double lastNtc = Double.NaN;
    private double lastFbg = Double.NaN;
    private long lastNanos = Long.MIN_VALUE;

    /**
     * @param neighbours temperatures of the other cells around this one (NaN ignored)
     */
    public Verdict judge(double ntcDegC, double fbgDegC, double[] neighbours, long nowNanos) {
        double dt = lastNanos == Long.MIN_VALUE ? Double.NaN : (nowNanos - lastNanos) / 1e9;
        boolean ntcJumped = Double.isFinite(dt) && dt > 0 && Math.abs(ntcDegC - lastNtc) / dt > MAX_CREDIBLE_K_PER_S;
        boolean fbgJumped = Double.isFinite(dt) && dt > 0 && Math.abs(fbgDegC - lastFbg) / dt > MAX_CREDIBLE_K_PER_S;
        lastNtc = ntcDegC;
        lastFbg = fbgDegC;
        lastNanos = nowNanos;
        if (!Double.isFinite(ntcDegC) && Double.isFinite(fbgDegC)) {
            return Verdict.NTC_FAILED;
        }
        if (!Double.isFinite(fbgDegC) && Double.isFinite(ntcDegC)) {
            return Verdict.FBG_FAILED;
        }
        if (!Double.isFinite(ntcDegC) || Math.abs(ntcDegC - fbgDegC) <= DISAGREE_K) {
            return Double.isFinite(ntcDegC) ? Verdict.CONSISTENT : Verdict.UNDECIDED;
        }
        if (ntcJumped && !fbgJumped) {
            return Verdict.NTC_FAILED;
        }
        if (fbgJumped && !ntcJumped) {
            return Verdict.FBG_FAILED;
        }
        double median = median(neighbours);
        if (Double.isNaN(median)) {
            return Verdict.UNDECIDED;
        }
        boolean ntcWithNeighbours = Math.abs(ntcDegC - median) <= AGREE_WITH_NEIGHBOURS_K;
        boolean fbgWithNeighbours = Math.abs(fbgDegC - median) <= AGREE_WITH_NEIGHBOURS_K;
        if (ntcWithNeighbours && !fbgWithNeighbours) {
            // The FBG alone is away from everything: gradually warmer is the cell's core warming
            // (the can-mounted NTC lags it); colder than all, or anything else, is the FBG failing.
            return fbgDegC > ntcDegC ? Verdict.CELL_CHANGED : Verdict.FBG_FAILED;
        }
        if (fbgWithNeighbours && !ntcWithNeighbours) {
            return Verdict.NTC_FAILED;
        }
        return Verdict.UNDECIDED;
    }

    private static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }
}
