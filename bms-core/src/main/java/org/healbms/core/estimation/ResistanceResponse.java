package org.healbms.core.estimation;

/**
 * Resistance state of health as the cell's voltage response to a change of current, relative to the
 * response the model predicts for the same current history at the same SoC and temperature. The model
 * was identified on the new cell, with its resistances and time constants as functions of SoC and
 * temperature (Arrhenius across temperature), so it is the fresh cell's reference at every
 * temperature; driving it with the very current the cell carries makes the comparison one of like with
 * like, whatever the excitation. A scale on R0 alone (what the filter's resistance tracker fits) takes up
 * whatever voltage error moves with the current, and read 0.92-1.25 on the new Panasonic cell's drive
 * cycles where this reads 0.92-1.05 (scripts/evaluate-soh.sh).
 *
 * <p>The model's response includes the charge transfer's where the cell file has it ({@link
 * org.healbms.core.cell.ChargeTransfer}): its overpotential is not linear in current, and against the
 * linear model's R0, a compromise over the identification's currents, the ratio fell as the current rose
 * on every trace (Panasonic, -20 degC LA92: 1.17 below 1C, 0.88 at 2-4C), so that a drive cycle of high
 * currents read the new cell as healed (US06 0.94 at 10 and -20 degC) and a gentle one as aged.
 *
 * <p>Each sample is paired with the one {@code windowS} earlier (at least that, at most half as long
 * again). Over that window the measured change of voltage, less the OCV's change along the charge that
 * flowed and the model's hysteresis change, is regressed through the origin on the model's change of
 * overpotential R0·i + v1 + v2 (R_ohmic·i + η_ct + v1 + v2 with the charge transfer): the slope is
 * R_cell / R_model. A window of seconds is long against the
 * tester's one-sample lag of voltage behind current (0.5 s windows read 0.69-0.84 on the Panasonic drive
 * cycles, partly from that lag) and short against the slow polarisation and OCV error the filter's bias
 * carries, which barely move in it. Logs too coarse to resolve the window (a 10 s log of a constant-current test) give
 * no pairs, and the figure stays unknown rather than guessed.
 *
 * <p>The 1σ comes from the scatter between blocks of driving (the pairs within a block overlap and
 * share model error, so they are not independent): Var = Σ (N_b − ρ·D_b)² / (Σ D_b)², with N_b and
 * D_b the block's sums of Δy·Δx and Δx². Only blocks with excitation count (the model's response
 * changed by {@value #MIN_EXCITATION_V} V RMS or more); older blocks fade with a memory counted in them,
 * so that a parked pack does not forget its cell's resistance. Scalar state and a fixed
 * ring: nothing is allocated per sample.
 */
public final class ResistanceResponse {

    /** Samples kept to find the one a window back; the ring stores one every windowS / SPACING. */
    private static final int RING = 64;

    private static final int SPACING = 32;
    /** Longest pair accepted, as a multiple of the window. */
    private static final double LONGEST_PAIR = 1.5;
    /** Fewest blocks before a 1σ from their scatter means anything. */
    private static final double MIN_BLOCKS = 3.0;
    /**
     * A block counts as excited when the model's overpotential changed by at least this much over a
     * window, RMS over its pairs, V: a current that changes by tens of milliamps. At rest or on a
     * constant-current charge the change is the current sensor's noise, a few tens of microvolts
     * against the cell's, and such a block says nothing of the resistance; counted, it faded the
     * driving's blocks, so an hour or two of rest left a ratio of noise.
     */
    static final double MIN_EXCITATION_V = 1e-3;

    private final double windowS;
    private final double blockS;
    private final double blockDecay;

    private final double[] ringTime = new double[RING];
    private final double[] ringVoltage = new double[RING];
    private final double[] ringModel = new double[RING];
    private final double[] ringCharge = new double[RING];
    /** Samples stored so far, and the number of the one the present window starts from. */
    private long stored;

    private long start;

    private double clockS;
    private double blockStartS;
    private double blockN;
    private double blockD;
    private long blockPairs;
    /** Faded sums over closed blocks: Σw·N_b, Σw·D_b, Σw²·N_b², Σw²·N_b·D_b, Σw²·D_b², Σw, Σw². */
    private double n;

    private double d;
    private double nn;
    private double nd;
    private double dd;
    private double weights;
    private double weightSquares;

    /**
     * @param windowS the response time compared, s
     * @param blockS  length of the blocks whose scatter gives the 1σ, s (several windows)
     * @param memoryS driving time over which older blocks fade, s
     */
    public ResistanceResponse(double windowS, double blockS, double memoryS) {
        if (!(windowS > 0) || !(blockS >= windowS) || !(memoryS > blockS)) {
            throw new IllegalArgumentException(
                    "need 0 < window <= block < memory, got " + windowS + ", " + blockS + ", " + memoryS);
        }
        this.windowS = windowS;
        this.blockS = blockS;
        this.blockDecay = Math.exp(-blockS / memoryS);
    }

    /**
     * One sample.
     *
     * @param dtS               time since the previous sample, s
     * @param voltageV          terminal voltage less the model's hysteresis voltage, V; NaN where there
     *                          is none to compare
     * @param modelOverpotentialV the model's R0·i + v1 + v2 (or R_ohmic·i + η_ct + v1 + v2) for the current
     *                          history so far, V
     * @param chargeSoc         the charge that has flowed, as a SoC (any zero: only its changes count)
     * @param ocvSlopeVPerSoc   dOCV/dSoC where the cell is now, to take the OCV's change out of the window
     */
    public void add(double dtS, double voltageV, double modelOverpotentialV, double chargeSoc, double ocvSlopeVPerSoc) {
        if (dtS > 0 && Double.isFinite(dtS)) {
            clockS += dtS;
        }
        if (!Double.isFinite(voltageV) || !Double.isFinite(modelOverpotentialV)) {
            return; // no reading now (or not one to compare): time passes, nothing is paired or stored
        }
        int from = windowStart();
        if (from >= 0) {
            double dx = modelOverpotentialV - ringModel[from];
            double dy = voltageV - ringVoltage[from] - ocvSlopeVPerSoc * (chargeSoc - ringCharge[from]);
            blockN += dx * dy;
            blockD += dx * dx;
            blockPairs++;
        }
        if (clockS - blockStartS >= blockS) {
            closeBlock();
        }
        if (stored == 0 || clockS - ringTime[(int) ((stored - 1) % RING)] >= windowS / SPACING) {
            int at = (int) (stored % RING);
            ringTime[at] = clockS;
            ringVoltage[at] = voltageV;
            ringModel[at] = modelOverpotentialV;
            ringCharge[at] = chargeSoc;
            stored++;
        }
    }

    /**
     * The ring slot of the newest stored sample at least a window back, if it is not too far back; -1
     * otherwise. The clock only runs forward, so the start only moves forward: a step or two per sample.
     */
    private int windowStart() {
        if (stored == 0) {
            return -1;
        }
        start = Math.max(start, stored - RING);
        while (start + 1 < stored && clockS - ringTime[(int) ((start + 1) % RING)] >= windowS) {
            start++;
        }
        double span = clockS - ringTime[(int) (start % RING)];
        return span >= windowS && span <= LONGEST_PAIR * windowS ? (int) (start % RING) : -1;
    }

    private void closeBlock() {
        blockStartS = clockS;
        if (blockD > 0 && blockD >= blockPairs * MIN_EXCITATION_V * MIN_EXCITATION_V) {
            n = blockDecay * n + blockN;
            d = blockDecay * d + blockD;
            double decay2 = blockDecay * blockDecay;
            nn = decay2 * nn + blockN * blockN;
            nd = decay2 * nd + blockN * blockD;
            dd = decay2 * dd + blockD * blockD;
            weights = blockDecay * weights + 1.0;
            weightSquares = decay2 * weightSquares + 1.0;
        }
        blockN = 0;
        blockD = 0;
        blockPairs = 0;
    }

    /** A gap in the record (a restart): the next window starts afresh, what was learned stays. */
    public void interrupt() {
        stored = 0;
        start = 0;
        blockN = 0;
        blockD = 0;
        blockPairs = 0;
        blockStartS = clockS;
    }

    /** R_cell / R_model over the blocks so far; NaN until a block with excitation has closed. */
    public double ratio() {
        return d > 0 ? n / d : Double.NaN;
    }

    /** 1σ of {@link #ratio()} from the scatter between blocks; NaN until there are enough of them. */
    public double ratioSigma() {
        double effectiveBlocks = weights * weights / weightSquares;
        if (!(d > 0) || !(effectiveBlocks >= MIN_BLOCKS)) {
            return Double.NaN;
        }
        double r = n / d;
        double scatter = Math.max(nn - 2 * r * nd + r * r * dd, 0.0);
        return Math.sqrt(scatter * effectiveBlocks / (effectiveBlocks - 1.0)) / d;
    }
}
