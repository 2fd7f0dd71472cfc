package org.healbms.core.estimation;

/**
 * Capacity from the charge that flowed between rests whose SoC the relaxed voltage tells (see
 * {@link RestOcvReading}), kept apart from the SoC filter. The SoC filter's own capacity state took up
 * the model's mid-SoC drift (+5.5 % on the Panasonic 25 degC US06), and the charge between two of its
 * SoC estimates gives back the capacity it counted them with; a rested voltage owes nothing to the count.
 *
 * <p>A two-state Kalman filter on x = [s_a, c]: the SoC at the latest anchor (a rest's reading) and the
 * inverse capacity c = 1/Q. From one anchor to the next reading the SoC moves by c·ΔQ for the charge ΔQ
 * counted between them (linear in c, so no linearisation), and the reading measures it with its own
 * variance; the reading then becomes the next anchor. This is the total-least-squares fit of SoC
 * differences against charge (Plett's), with the shared endpoints of consecutive pairs correlated as
 * they are, and a prior on c. Until two readings are paired, c stays at the prior with the prior's
 * spread: capacity is reported as unknown as it is, not drifted.
 *
 * <p>Within one rest the reading improves as the cell relaxes; the filter holds the state from before
 * the rest ({@code base}) and the state with the rest's best reading so far, which becomes the base
 * when the rest ends. Scalars only: nothing is allocated.
 */
public final class RestCapacity {

    private final double walkFractionPerSqrtS;
    /** Charge counted so far, Ah (any zero; only differences count). */
    private double chargeAh;
    // The state before the present rest's reading.
    private boolean baseAnchored;

    private double baseSoc;
    private double baseCharge;
    private double baseC;
    private double baseSs;
    private double baseSc;
    private double baseCc;
    // The state with the present rest's best reading (equal to the base between rests).
    private boolean anchored;

    private double anchorSoc;
    private double anchorCharge;
    private double c;
    private double ss;
    private double sc;
    private double cc;

    /**
     * @param capacityAh            prior capacity, Ah
     * @param priorSigmaFraction    its relative 1σ
     * @param walkFractionPerSqrtS  relative random walk of capacity, 1/√s (ageing)
     */
    public RestCapacity(double capacityAh, double priorSigmaFraction, double walkFractionPerSqrtS) {
        this.walkFractionPerSqrtS = walkFractionPerSqrtS;
        restart(capacityAh, priorSigmaFraction);
    }

    /** Starts again from a prior capacity, forgetting every anchor. */
    public void restart(double capacityAh, double priorSigmaFraction) {
        if (!(capacityAh > 0) || !Double.isFinite(capacityAh)) {
            throw new IllegalArgumentException("capacity must be a positive number of Ah, got " + capacityAh);
        }
        continueFrom(1.0 / capacityAh, sq(priorSigmaFraction / capacityAh));
    }

    /** Continues from an inverse capacity and its variance (a saved state), without an anchor. */
    public void continueFrom(double inverseCapacity, double inverseCapacityVariance) {
        baseC = inverseCapacity;
        baseCc = inverseCapacityVariance;
        baseSs = 0;
        baseSc = 0;
        baseAnchored = false;
        fromBase();
    }

    /**
     * A gap in the charge count (a restart of the SoC estimate, a record that starts anew): the SoC of the
     * anchor no longer connects to what comes, so it is dropped; the capacity learned stays.
     */
    public void interrupt() {
        settleRest();
        baseAnchored = false;
        baseSs = 0;
        baseSc = 0;
        fromBase();
    }

    /** Time and charge pass: charge in Ah (η·i·dt/3600, positive on charge); capacity may age meanwhile. */
    public void count(double dtS, double chargeAh) {
        this.chargeAh += chargeAh;
        double walk = sq(walkFractionPerSqrtS * c) * dtS;
        cc += walk;
        baseCc += sq(walkFractionPerSqrtS * baseC) * dtS;
    }

    /**
     * The present rest's best reading so far (it replaces an earlier one of the same rest): SoC and its
     * variance, at the charge counted now.
     */
    public void read(double soc, double variance) {
        if (!baseAnchored) {
            anchored = true;
            anchorSoc = soc;
            anchorCharge = chargeAh;
            c = baseC;
            ss = variance;
            sc = 0;
            cc = baseCc;
            return;
        }
        // Predict from the anchor: s = s_a + c·ΔQ, F = [[1, ΔQ], [0, 1]].
        double dq = chargeAh - baseCharge;
        double s = baseSoc + baseC * dq;
        double pss = baseSs + 2 * dq * baseSc + dq * dq * baseCc;
        double psc = baseSc + dq * baseCc;
        double innovationVariance = pss + variance;
        double gainS = pss / innovationVariance;
        double gainC = psc / innovationVariance;
        double innovation = soc - s;
        anchored = true;
        anchorSoc = s + gainS * innovation;
        anchorCharge = chargeAh;
        c = baseC + gainC * innovation;
        ss = pss - gainS * pss;
        sc = psc - gainS * psc;
        cc = baseCc - gainC * psc;
    }

    /** The present rest is over: its best reading is the anchor the next one is paired with. */
    public void settleRest() {
        baseAnchored = anchored;
        baseSoc = anchorSoc;
        baseCharge = anchorCharge;
        baseC = c;
        baseSs = ss;
        baseSc = sc;
        baseCc = cc;
    }

    /** Nothing read in the present rest yet: the present state is the base. */
    private void fromBase() {
        anchored = baseAnchored;
        anchorSoc = baseSoc;
        anchorCharge = baseCharge;
        c = baseC;
        ss = baseSs;
        sc = baseSc;
        cc = baseCc;
    }

    /** Inverse capacity c = 1/Q, 1/Ah. */
    public double inverseCapacity() {
        return c;
    }

    /** Variance of {@link #inverseCapacity()}. */
    public double inverseCapacityVariance() {
        return cc;
    }

    private static double sq(double v) {
        return v * v;
    }
}
