package org.healbms.core.estimation;

import org.ejml.data.DMatrix6;
import org.ejml.data.DMatrix6x6;
import org.ejml.dense.fixed.CommonOps_DDF6;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.ChargeTransfer;
import org.healbms.core.cell.EquivalentCircuitCell;
import org.healbms.core.cell.EstimatorNoise;
import org.healbms.core.cell.GridPoint;
import org.healbms.core.cell.MemoizedExp;
import org.healbms.core.cell.ModelErrorProfile;
import org.healbms.core.cell.StrainResponse;
import org.healbms.core.cell.TablesAtPoint;
import org.healbms.core.cell.TemperatureExtrapolation;

/**
 * Extended Kalman filter for one cell's state of charge on the equivalent-circuit model.
 *
 * <p>State x = [SoC, v1, v2, h, b, c]: SoC, the two RC polarisation voltages, the hysteresis voltage,
 * a voltage bias b, and the inverse capacity c = 1/Q (in 1/Ah: SoC moves linearly in it, so the
 * joint estimate of capacity needs no further linearisation). The first four follow {@link EquivalentCircuitCell}'s exact zero-order-hold
 * step; b is a random walk that takes up slowly wandering model error (slow polarisation the
 * identification tests could not show), which would otherwise be read as a SoC error. SoC and b are
 * told apart by coulomb counting: SoC may only move as the current says, b moves freely but slowly.
 * The Jacobian is diag(1, a1, a2, decay, 1, 1) plus one off-diagonal term, ∂SoC'/∂c = η·i·dt/3600:
 * capacity is learned as far as the voltage disagrees with the coulomb count over a stretch of
 * charge, and its bound stays at the prior where the data cannot tell it from the bias. It takes that
 * evidence only as far as the model's slow error is within its identified spread
 * ({@link InnovationConsistency#capacityEvidenceWeight}): the capacity keeps what it learns for the
 * cell's life. The measurement is the terminal voltage
 * {@code ocv(SoC, T) + h + R0(SoC, T)·i + v1 + v2 + b}, and H = [dOCV/dSoC, 1, 1, 1, 1, 0]: the SoC slope of
 * R0(SoC)·i is left out on purpose (see {@code measurementSlope}). Where the cell file has a
 * {@link ModelErrorProfile}, b is a first-order Gauss-Markov process with the slow model error's
 * spread at the present SoC and temperature and its correlation time, so the SoC bound is as wide as
 * the model's error there and no wider; the fast error is measurement noise that grows with current.
 * The innovation is a scalar, so the gain is {@code P·Hᵀ / S} without a matrix inverse.
 *
 * <p>Ohmic resistance, when the noise asks for it, is tracked by a second, scalar filter beside the
 * main one (a dual EKF): R0 = ρ·R0(SoC, T) of the cell file, with ρ a slow random walk. It sees each
 * innovation first, through H_ρ = R0·i, so it learns only from voltage error that moves with the
 * current; the main filter then corrects with the updated ρ. The six-state fixed-size matrices stay as
 * they are, and ρ (SoH_resistance) cannot trade places with SoC, which it could in one joint state.
 *
 * <p>Cell strain, when a gauge's {@link StrainResponse} is given, is a second scalar measurement,
 * ε = g(SoC) + k·(T − T_ref) + o, where the gauge zero o is a seventh state. EJML's fixed sizes stop at
 * six, so o is carried beside the matrix as its variance and its cross-covariance with the six
 * states (a {@code DMatrix6}); every prediction and update treats it exactly as a seventh row and
 * column would be. Jointly estimated, an unknown zero weakens what strain says about SoC instead of
 * being read as SoC, and strain readings are not counted twice (once for o, once for SoC), which a
 * side filter would do.
 *
 * <p>The step allocates nothing: every matrix is a fixed-size EJML field ({@code DMatrix6x6},
 * {@code DMatrix6}), reused in place. The covariance update uses the Joseph form, which keeps P
 * symmetric and positive definite through the millions of steps of a long trace where the short form
 * drifts. A gross innovation is handled with an iterated update (see {@code correct}), and the
 * hysteresis state is projected into its physical range ±M.
 */
public final class ExtendedKalmanSocEstimator implements CellStateEstimator {

    /** Prior 1σ of each RC voltage at reset: the cell may not be at rest when the filter starts. */
    private static final double INITIAL_RC_SIGMA_V = 0.01;

    private final CellParameters p;
    private final EstimatorNoise noise;
    private final TemperatureExtrapolation extrapolation;

    /** The first reading after a reset (see {@code correctFromStart}). */
    private final StartReading startReading;
    /** Set by a reset, cleared by the first reading: it is read on a grid. */
    private boolean startReadingPending;
    /** Most relinearisations of one correction; a gross first correction settles in a few. */
    private static final int MAX_PASSES = 6;
    /** An innovation beyond this many predicted sigmas is gross and worth relinearising. */
    private static final double GROSS_INNOVATION_SIGMAS = 3.0;
    /** Lowest resistance scale the tracker accepts: a cell does not lose nine tenths of its R0. */
    private static final double MIN_RESISTANCE_SCALE = 0.1;
    /**
     * The resistance response compares 5 s of it (see {@link ResistanceResponse}), scattered over blocks of
     * a minute, and remembers ten hours of driving: resistance ages over months.
     */
    private static final double RESPONSE_WINDOW_S = 5.0;

    private static final double RESPONSE_BLOCK_S = 60.0;
    private static final double RESPONSE_MEMORY_S = 36_000.0;
    /**
     * The same response over the last five minutes of driving ({@link #recentResistanceHealth}): what a
     * before-and-after comparison needs (a healing dose's verification), where the ten hours' memory
     * would take days of driving to show a change made in one hour.
     */
    private static final double RECENT_MEMORY_S = 300.0;
    /**
     * Below this SoC the response is not compared: R0 rises several-fold toward empty and diffusion
     * takes over, so a percent of SoC error moves the model's response more than ageing does.
     */
    private static final double RESPONSE_MIN_SOC = 0.1;

    private final DMatrix6 x = new DMatrix6();
    private final DMatrix6 prior = new DMatrix6();
    private final DMatrix6x6 covariance = new DMatrix6x6();
    // Work matrices of the step, kept as fields so the step allocates nothing.
    private final DMatrix6 transition = new DMatrix6();

    private final DMatrix6 work6 = new DMatrix6();
    private final DMatrix6 h = new DMatrix6();
    private final DMatrix6 pht = new DMatrix6();
    private final DMatrix6 gain = new DMatrix6();
    /** Where the measurement's SoC lies on the OCV table: its slope and its value read from one search. */
    private final GridPoint ocvPoint = new GridPoint();

    private double lastStepS;
    /**
     * The tables the prediction reads at the prior SoC (see the {@code PREDICTED_*} indices): each
     * distinct grid searched once per step, and the RC pairs' share one in an identified cell file.
     */
    private final TablesAtPoint predictionTables;

    private static final int PREDICTED_R1 = 0;
    private static final int PREDICTED_TAU1 = 1;
    private static final int PREDICTED_R2 = 2;
    private static final int PREDICTED_TAU2 = 3;
    private static final int PREDICTED_BIAS_REST = 4;
    private static final int PREDICTED_BIAS_LOAD = 5;
    /**
     * The step's exponentials, each remembered for its argument: dt repeats in a log and τ moves only
     * with temperature, so the RC decays and the bias's are mostly the last step's; the hysteresis
     * decay repeats at rest and at a constant current.
     */
    private final MemoizedExp rc1Decay = new MemoizedExp();

    private final MemoizedExp rc2Decay = new MemoizedExp();
    private final MemoizedExp biasDecay = new MemoizedExp();
    private final MemoizedExp hysteresisDecay = new MemoizedExp();
    /** The current's mean over the bias correlation time, A: the slow model error grows with it. */
    private double sustainedCurrentA;
    /**
     * Resistance state of health from the voltage response (null unless resistance is tracked), and the
     * model run open-loop beside it on the current alone: its RC voltages, hysteresis and charge as SoC.
     */
    private final ResistanceResponse response;
    /** The response over the last {@value #RECENT_MEMORY_S} s of driving (null with {@link #response}). */
    private final ResistanceResponse recentResponse;

    private double modelV1;
    private double modelV2;
    private double modelHysteresis;
    private double chargeSoc;
    /**
     * The non-linear charge transfer the response is compared with (with the ohmic resistance beside it
     * in place of R0), null where the cell file has none or resistance is not tracked; and its lagged
     * overpotential in the open-loop model, V.
     */
    private final ChargeTransfer chargeTransfer;

    private final MemoizedExp chargeTransferLag = new MemoizedExp();
    private double modelChargeTransfer;
    /** Ohmic resistance as a multiple of the cell file's R0(SoC, T), and its variance. */
    private double resistanceScale = 1.0;

    private double resistanceScaleVariance;

    /** The strain gauge's response, or null when strain is not a measurement. */
    private final StrainResponse strainResponse;
    /** Gauge zero o and its variance (m/m): the gauge's, kept across SoC resets. */
    private double strainOffset;

    private double strainOffsetVariance;
    /** Cov(x, o): the seventh column of the joint covariance. */
    private final DMatrix6 offsetCovariance = new DMatrix6();

    private final DMatrix6 strainGain = new DMatrix6();
    /** Catches voltage errors beyond what the noise model allows: the model outside its identified region. */
    private final InnovationConsistency consistency = new InnovationConsistency();
    /** Set by a reset with a model-error profile: the bias prior waits for the first temperature. */
    private boolean biasPriorAtTemperaturePending;
    /** The slow model error's stationary 1σ at the last prediction (the bias's spread there), V. */
    private double biasStationarySigmaV;

    public ExtendedKalmanSocEstimator(CellParameters parameters) {
        this(parameters, null);
    }

    /** A filter that also takes strain readings, through {@link #observeStrain}. */
    public ExtendedKalmanSocEstimator(CellParameters parameters, StrainResponse strain) {
        this.p = parameters;
        this.strainResponse = strain;
        if (strain != null) {
            strainOffsetVariance = sq(strain.offsetSigma());
        }
        this.noise = parameters.noise();
        this.extrapolation = new TemperatureExtrapolation(parameters);
        this.startReading = new StartReading(parameters);
        ModelErrorProfile profile = noise.modelError();
        this.predictionTables = profile == null
                ? new TablesAtPoint(parameters.r1Ohm(), parameters.tau1S(), parameters.r2Ohm(), parameters.tau2S())
                : new TablesAtPoint(
                        parameters.r1Ohm(),
                        parameters.tau1S(),
                        parameters.r2Ohm(),
                        parameters.tau2S(),
                        profile.biasSigmaV(),
                        profile.biasSigmaOhm());
        x.a6 = 1.0 / parameters.capacityAh();
        covariance.a66 = sq(noise.initialCapacitySigmaFraction() * x.a6);
        resistanceScaleVariance = sq(noise.initialResistanceSigmaFraction());
        response = tracksResistance()
                ? new ResistanceResponse(RESPONSE_WINDOW_S, RESPONSE_BLOCK_S, RESPONSE_MEMORY_S)
                : null;
        recentResponse = tracksResistance()
                ? new ResistanceResponse(RESPONSE_WINDOW_S, RESPONSE_BLOCK_S, RECENT_MEMORY_S)
                : null;
        chargeTransfer = tracksResistance() ? parameters.chargeTransfer() : null;
        reset(0.5);
    }

    @Override
    public String name() {
        return "ekf";
    }

    @Override
    public void reset(double socGuess) {
        // Capacity and resistance are the cell's, not this run's: a restart of the SoC estimate keeps
        // what was learned.
        double inverseCapacity = x.a6;
        double inverseCapacityVariance = covariance.a66;
        x.setTo(socGuess, 0, 0, 0, 0, inverseCapacity);
        CommonOps_DDF6.fill(covariance, 0);
        covariance.a11 = sq(noise.initialSocSigma());
        covariance.a22 = sq(INITIAL_RC_SIGMA_V);
        covariance.a33 = sq(INITIAL_RC_SIGMA_V);
        // The hysteresis state may sit anywhere in [-M, M] after an unknown history.
        covariance.a44 = Math.max(sq(p.hysteresisV()), sq(0.001));
        // The bias starts at zero, as uncertain as the model's voltage error: the slow error where the
        // model was found worst (the temperature is not known yet; the prediction brings it to the
        // local figure within a correlation time), or the one voltage figure of a file without a profile.
        ModelErrorProfile profile = noise.modelError();
        covariance.a55 = profile != null
                ? sq(profile.biasSigmaV().max())
                : noise.voltageBiasProcessSigmaPerSqrtS() > 0 ? sq(noise.voltageSigmaV()) : 0.0;
        biasPriorAtTemperaturePending = profile != null;
        // Without a profile the bias is a random walk with no stationary spread to test it against.
        biasStationarySigmaV = profile != null ? Math.sqrt(covariance.a55) : Double.POSITIVE_INFINITY;
        covariance.a66 = inverseCapacityVariance;
        // The new SoC guess owes nothing to the gauge zero.
        CommonOps_DDF6.fill(offsetCovariance, 0);
        consistency.reset();
        lastStepS = 0;
        startReadingPending = true;
    }

    @Override
    public void update(double dtS, double currentA, double voltageV, double temperatureDegC) {
        if (!Double.isFinite(currentA) || !(dtS >= 0)) {
            // Without a current the step cannot be predicted; hold the state rather than guess.
            return;
        }
        if (biasPriorAtTemperaturePending && Double.isFinite(temperatureDegC)) {
            // The first reading tells the temperature: the bias prior becomes the slow error the model
            // had at that temperature, wherever in SoC it was worst (SoC is not known yet), instead of
            // the worst over every temperature, which a cold model's warm low-SoC bin may be.
            biasPriorAtTemperaturePending = false;
            covariance.a55 = sq(noise.modelError().biasSigmaV().maxOverSoc(temperatureDegC));
            biasStationarySigmaV = Math.sqrt(covariance.a55);
        }
        if (dtS > 0) {
            predict(dtS, currentA, temperatureDegC);
        }
        if (dtS > 0) {
            lastStepS = dtS;
        }
        // The model at the prior SoC, read once for the response, the noise and the first pass of the
        // correction.
        double soc = x.a1;
        double r0 = p.r0Ohm().value(soc, temperatureDegC);
        double ocvSlope = measurementSlope(soc, temperatureDegC);
        if (response != null) {
            // On the prior SoC: a gross correction of a wrong start guess must not move the response.
            double voltage = soc >= RESPONSE_MIN_SOC ? voltageV - modelHysteresis : Double.NaN;
            // With the charge transfer identified, its overpotential takes the place of the share of R0
            // that is not ohmic: the new cell's response at this current, not a linear compromise.
            double series =
                    chargeTransfer == null ? r0 : chargeTransfer.ohmicOhm().value(soc, temperatureDegC);
            double model = series * currentA + modelChargeTransfer + modelV1 + modelV2;
            response.add(dtS, voltage, model, chargeSoc, ocvSlope);
            recentResponse.add(dtS, voltage, model, chargeSoc, ocvSlope);
        }
        if (Double.isFinite(voltageV)) {
            // A repeated timestamp carries no new time, so it is weighed like the last real step.
            // Outside the temperatures the cell was identified at, the model's error under load is
            // part of what the reading cannot be trusted for; like the noise, it lasts, so it is
            // inflated for correlation too.
            double extrapolated = extrapolation.voltageSigma(x.a1, temperatureDegC, currentA);
            double overpotential = resistanceScale * r0 * currentA + x.a2 + x.a3;
            correct(
                    currentA,
                    voltageV,
                    temperatureDegC,
                    noise.voltageVariance(lastStepS, x.a1, temperatureDegC, currentA, overpotential, extrapolated),
                    r0,
                    ocvSlope);
        }
    }

    private void predict(double dtS, double currentA, double temperatureDegC) {
        double soc = x.a1;
        predictionTables.at(soc, temperatureDegC);
        double a1 = rc1Decay.of(-dtS / predictionTables.value(PREDICTED_TAU1));
        double a2 = rc2Decay.of(-dtS / predictionTables.value(PREDICTED_TAU2));
        // The step's charge as a fraction of the rating, once: the hysteresis's decay and SoC both use it.
        double increment = EquivalentCircuitCell.socIncrement(p, dtS, currentA);
        double decay = hysteresisDecay.of(EquivalentCircuitCell.hysteresisDecayExponent(p, increment));

        double r1 = predictionTables.value(PREDICTED_R1);
        double r2 = predictionTables.value(PREDICTED_R2);
        x.a2 = a1 * x.a2 + r1 * (1.0 - a1) * currentA;
        x.a3 = a2 * x.a3 + r2 * (1.0 - a2) * currentA;
        x.a4 = EquivalentCircuitCell.hysteresisStep(x.a4, decay, currentA, p.hysteresisV());
        // SoC integrates current over the estimated capacity (the model's own increment, rescaled).
        double chargeFraction = increment * p.capacityAh();
        x.a1 = soc + chargeFraction * x.a6;
        if (response != null) {
            // The model run open-loop on the current alone: what the new cell would show for it.
            modelV1 = a1 * modelV1 + r1 * (1.0 - a1) * currentA;
            modelV2 = a2 * modelV2 + r2 * (1.0 - a2) * currentA;
            modelHysteresis = EquivalentCircuitCell.hysteresisStep(modelHysteresis, decay, currentA, p.hysteresisV());
            chargeSoc += increment;
            if (chargeTransfer != null) {
                double tau = chargeTransfer.tauS().value(soc, temperatureDegC);
                double lag = tau > 0 ? chargeTransferLag.of(-dtS / tau) : 0.0;
                double steady = ChargeTransfer.overpotentialV(
                        currentA,
                        chargeTransfer.exchangeCurrentA().value(soc, temperatureDegC),
                        chargeTransfer.tafelV().value(soc, temperatureDegC));
                modelChargeTransfer = lag * modelChargeTransfer + (1.0 - lag) * steady;
            }
        }

        // P = F P Fᵀ + Q. The bias: a Gauss-Markov process relaxing toward zero with the slow error's
        // correlation time where the profile gives one (its variance then tends to the model's slow
        // error here), a random walk otherwise.
        ModelErrorProfile profile = noise.modelError();
        double bd = profile == null ? 1.0 : biasDecay.of(-dtS / profile.biasCorrelationS());
        x.a5 *= bd;
        DMatrix6x6 q = covariance;
        scaleByDiagonalTransition(q, a1, a2, decay, bd);
        // The one off-diagonal term of F, g = ∂SoC'/∂c: P ← A P Aᵀ with A = I + g·e1·e6ᵀ, as a row then
        // a column operation.
        double g = chargeFraction;
        q.a11 += g * q.a61;
        q.a12 += g * q.a62;
        q.a13 += g * q.a63;
        q.a14 += g * q.a64;
        q.a15 += g * q.a65;
        q.a16 += g * q.a66;
        q.a11 += g * q.a16;
        q.a21 += g * q.a26;
        q.a31 += g * q.a36;
        q.a41 += g * q.a46;
        q.a51 += g * q.a56;
        q.a61 += g * q.a66;
        covariance.a11 += sq(noise.socProcessSigmaPerSqrtS()) * dtS;
        covariance.a22 += sq(noise.rcVoltageProcessSigmaPerSqrtS()) * dtS;
        covariance.a33 += sq(noise.rcVoltageProcessSigmaPerSqrtS()) * dtS;
        covariance.a44 += sq(noise.hysteresisProcessSigmaPerSqrtS()) * dtS;
        covariance.a55 += sq(noise.voltageBiasProcessSigmaPerSqrtS()) * dtS;
        if (profile != null) {
            sustainedCurrentA = bd * sustainedCurrentA + (1.0 - bd) * currentA;
            // R0 + R1 + R2, the size of a slow polarisation beyond what identification measured, from
            // the resistances this step has read, R0 only where it is needed.
            double dcResistance =
                    profile.beyondIdentified(sustainedCurrentA) ? p.r0Ohm().value(soc, temperatureDegC) + r1 + r2 : 0.0;
            biasStationarySigmaV = profile.biasSigmaOf(
                    predictionTables.value(PREDICTED_BIAS_REST),
                    predictionTables.value(PREDICTED_BIAS_LOAD),
                    sustainedCurrentA,
                    dcResistance);
            covariance.a55 += sq(biasStationarySigmaV) * (1.0 - bd * bd);
        }
        covariance.a66 += sq(noise.capacityProcessSigmaFractionPerSqrtS() * x.a6) * dtS;
        resistanceScaleVariance += sq(noise.resistanceProcessSigmaFractionPerSqrtS() * resistanceScale) * dtS;
        if (strainResponse != null) {
            // The seventh column under the same F: scale by f_r, then the one off-diagonal term.
            transition.setTo(1.0, a1, a2, decay, bd, 1.0);
            CommonOps_DDF6.elementMult(offsetCovariance, transition);
            offsetCovariance.a1 += g * offsetCovariance.a6;
            strainOffsetVariance += sq(strainResponse.offsetWalkPerSqrtS()) * dtS;
        }
    }

    /**
     * P ← P .* (f fᵀ) for F's diagonal part f = (1, a1, a2, decay, bias decay, 1): element (r, c) times
     * f_r·f_c, instead of two dense 6x6 multiplications. SoC's and the capacity's rows and columns have
     * f = 1, so 32 products remain, with the ten distinct f_r·f_c formed once each; the figures are
     * those of the full f fᵀ. Fields by name, not element access by index: a DMatrix6x6's unsafe_get
     * is a 36-way switch, and it made the step four times slower.
     */
    private static void scaleByDiagonalTransition(DMatrix6x6 q, double f2, double f3, double f4, double f5) {
        double f22 = f2 * f2;
        double f23 = f2 * f3;
        double f24 = f2 * f4;
        double f25 = f2 * f5;
        double f33 = f3 * f3;
        double f34 = f3 * f4;
        double f35 = f3 * f5;
        double f44 = f4 * f4;
        double f45 = f4 * f5;
        double f55 = f5 * f5;
        q.a12 *= f2;
        q.a13 *= f3;
        q.a14 *= f4;
        q.a15 *= f5;
        q.a21 *= f2;
        q.a22 *= f22;
        q.a23 *= f23;
        q.a24 *= f24;
        q.a25 *= f25;
        q.a26 *= f2;
        q.a31 *= f3;
        q.a32 *= f23;
        q.a33 *= f33;
        q.a34 *= f34;
        q.a35 *= f35;
        q.a36 *= f3;
        q.a41 *= f4;
        q.a42 *= f24;
        q.a43 *= f34;
        q.a44 *= f44;
        q.a45 *= f45;
        q.a46 *= f4;
        q.a51 *= f5;
        q.a52 *= f25;
        q.a53 *= f35;
        q.a54 *= f45;
        q.a55 *= f55;
        q.a56 *= f5;
        q.a62 *= f2;
        q.a63 *= f3;
        q.a64 *= f4;
        q.a65 *= f5;
    }

    /**
     * The resistance filter's step, on the innovation of the prior state. A gross innovation (a wrong
     * start guess, a sensor glitch) is SoC's or nobody's business, not resistance's, so it is gated out.
     */
    private void correctResistance(
            double currentA,
            double voltageV,
            double temperatureDegC,
            double r,
            double priorStateVariance,
            double r0,
            double ocvValue) {
        double soc = x.a1;
        double hRho = r0 * currentA;
        if (hRho == 0) {
            return;
        }
        double stateVariance = priorStateVariance + r;
        ModelErrorProfile profile = noise.modelError();
        if (profile != null) {
            // The slow model error as noise for the resistance too: at a low current a hysteresis or
            // OCV error a few millivolts off changes sign with the current as a resistance does (on the
            // LG M50T C/20 test the charge read R0 1.34 x its discharge baseline and resistance_growth
            // fired), so resistance is learned where the current makes it stand out above that error.
            double dcResistance = profile.beyondIdentified(sustainedCurrentA)
                    ? r0 + p.r1Ohm().value(soc, temperatureDegC) + p.r2Ohm().value(soc, temperatureDegC)
                    : 0.0;
            stateVariance += sq(profile.biasSigma(soc, temperatureDegC, sustainedCurrentA, dcResistance));
        }
        double innovation = voltageV - predictedVoltage(currentA, ocvValue, r0);
        double s = hRho * hRho * resistanceScaleVariance + stateVariance;
        if (!withinGate(innovation, s)) {
            return;
        }
        double k = resistanceScaleVariance * hRho / s;
        // Resistance cannot vanish or turn negative; a floor keeps the model physical after a burst
        // of misleading data.
        resistanceScale = Math.max(resistanceScale + k * innovation, MIN_RESISTANCE_SCALE);
        resistanceScaleVariance *= 1.0 - k * hRho;
    }

    /** H = [dOCV/dSoC, 1, 1, 1, 1, 0] and P·Hᵀ into their fields; returns H·P·Hᵀ. */
    private double linearise(double slope) {
        h.setTo(slope, 1.0, 1.0, 1.0, 1.0, 0.0);
        // P·Hᵀ and H·P·Hᵀ summed in EJML's order, without its products by H's ones and its zero (a zero
        // term changes a sum only in the sign of an exact zero).
        DMatrix6x6 q = covariance;
        pht.setTo(
                q.a11 * slope + q.a12 + q.a13 + q.a14 + q.a15,
                q.a21 * slope + q.a22 + q.a23 + q.a24 + q.a25,
                q.a31 * slope + q.a32 + q.a33 + q.a34 + q.a35,
                q.a41 * slope + q.a42 + q.a43 + q.a44 + q.a45,
                q.a51 * slope + q.a52 + q.a53 + q.a54 + q.a55,
                q.a61 * slope + q.a62 + q.a63 + q.a64 + q.a65);
        return slope * pht.a1 + pht.a2 + pht.a3 + pht.a4 + pht.a5;
    }

    /** The OCV's slope at (soc, temperature), leaving the point located in {@link #ocvPoint} for its value. */
    private double measurementSlope(double soc, double temperatureDegC) {
        // The OCV's slope only. R0 rises steeply towards empty, so at high current R0(SoC)·i moves with
        // SoC several times faster than the OCV does, but a resistance error (self-heating, age, a rate
        // beyond the identified pulses) keeps its sign for minutes, and with that slope in H the filter
        // reads it as SoC (Panasonic recipe, scripts/evaluate-panasonic-recipe.sh: with it SoC RMSE after
        // 600 s was 2.47 % on 0 degC US06 and 2.58 % on -10 degC Cycle 1, without it 0.66 % and 0.98 %).
        // R0(SoC) still shapes the predicted voltage; it just is not taken as SoC evidence.
        p.ocvV().locate(soc, temperatureDegC, ocvPoint);
        return p.ocvV().socSlope(ocvPoint);
    }

    /** The terminal voltage of the present state, from the OCV and R0 at its SoC. */
    private double predictedVoltage(double currentA, double ocvValue, double r0) {
        return ocvValue + x.a4 + resistanceScale * r0 * currentA + x.a2 + x.a3 + x.a5;
    }

    /**
     * The correction, given R0 and the OCV's slope at the prior SoC (the step has read them already, and
     * left that SoC located in {@link #ocvPoint} for the OCV's value); a relinearisation reads them again
     * where the pass has moved SoC.
     */
    private void correct(
            double currentA, double voltageV, double temperatureDegC, double r, double priorR0, double priorSlope) {
        // The first pass's linearisation, at the prior, serves the resistance filter too.
        double slope = priorSlope;
        double r0 = priorR0;
        double ocvValue = p.ocvV().valueExtrapolated(x.a1, temperatureDegC, ocvPoint);
        double stateVariance = linearise(slope);
        if (tracksResistance()) {
            correctResistance(currentA, voltageV, temperatureDegC, r, stateVariance, r0, ocvValue);
        }
        prior.setTo(x);
        double innovation = 0;
        double s = 0;
        boolean gross = false;
        // Iterated EKF: relinearise the OCV around the corrected state while the correction is
        // gross (a wrong start guess gives innovations of hundreds of millivolts, and the OCV slope
        // at the guess says little about the slope where the truth is). In steady state the first
        // pass is already small and this is the plain EKF update.
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            if (pass > 0) {
                slope = measurementSlope(x.a1, temperatureDegC);
                r0 = p.r0Ohm().value(x.a1, temperatureDegC);
                ocvValue = p.ocvV().valueExtrapolated(x.a1, temperatureDegC, ocvPoint);
                stateVariance = linearise(slope);
            }
            double predicted = predictedVoltage(currentA, ocvValue, r0);
            // y - h(x_i) - H_i (x̂ - x_i): the measurement residual carried back to the prior.
            double shift = slope * (prior.a1 - x.a1)
                    + (prior.a2 - x.a2)
                    + (prior.a3 - x.a3)
                    + (prior.a4 - x.a4)
                    + (prior.a5 - x.a5);
            innovation = voltageV - predicted - shift;
            if (pass == 0 && lastStepS > 0) {
                // A lasting voltage error beyond what the state and the noise allow is the model's,
                // not SoC's: it joins the measurement noise, weighed for its correlation like the rest.
                double inflation = noise.correlationInflation(lastStepS);
                r += inflation
                        * consistency.extraVariance(
                                innovation,
                                prior.a5,
                                sq(biasStationarySigmaV),
                                stateVariance,
                                r / inflation,
                                lastStepS,
                                inflation * lastStepS);
            }
            s = stateVariance + r;
            if (pass == 0 && startReadingPending) {
                startReadingPending = false;
                if (correctFromStart(voltageV, temperatureDegC, r, r0 * currentA)) {
                    return;
                }
            }
            // K = P·Hᵀ / s, by one reciprocal: six divisions were a tenth of the step.
            CommonOps_DDF6.scale(1.0 / s, pht, gain);
            // The capacity takes only the share of the evidence the model's error allows (a partial
            // update: the Joseph form below keeps P consistent with any gain).
            gain.a6 *= consistency.capacityEvidenceWeight();
            double previousSoc = x.a1;
            x.a1 = prior.a1 + gain.a1 * innovation;
            x.a2 = prior.a2 + gain.a2 * innovation;
            x.a3 = prior.a3 + gain.a3 * innovation;
            // h is bounded by ±M in the model: project it back, or a gross correction parks
            // voltage error in h, where it decays only with charge throughput.
            x.a4 = Math.clamp(prior.a4 + gain.a4 * innovation, -p.hysteresisV(), p.hysteresisV());
            x.a5 = prior.a5 + gain.a5 * innovation;
            x.a6 = prior.a6 + gain.a6 * innovation;
            if (pass == 0 && withinGate(innovation, s)) {
                break;
            }
            gross = true;
            if (Math.abs(x.a1 - previousSoc) < 1e-7) {
                break;
            }
        }

        if (strainResponse != null) {
            // The voltage says nothing of o directly, but through Cov(x, o): o moves with what x learns.
            double hPxo = CommonOps_DDF6.dot(h, offsetCovariance);
            double offsetGain = hPxo / s;
            strainOffset += offsetGain * innovation;
            strainOffsetVariance -= offsetGain * hPxo;
            CommonOps_DDF6.scale(hPxo, gain, work6);
            CommonOps_DDF6.subtractEquals(offsetCovariance, work6);
        }
        josephUpdate(s);
        if (gross) {
            forgetHysteresis();
        }
    }

    /**
     * The first reading after a reset, of a rested cell: read exactly on a grid over SoC and hysteresis
     * ({@link StartReading}) and the state set to the posterior's mean and covariance. False (and nothing
     * done) where the grid cannot read it or the reading says less about SoC than the guess; the
     * linearised correction then runs.
     *
     * <p>Why: the start guess comes with a prior of tens of percent, and the first reading (of a rested
     * cell above all) does not look gross against it, so one plain step follows the OCV's slope at the
     * guess; where the OCV bends between guess and truth it lands far off, and the next reading,
     * linearised at another slope, makes SoC and hysteresis look separately known. LG M50T UDDS from a
     * 0.9 guess (true 0.78): 0.90 → 0.67 → 0.84 with a 0.8 % bound on the first two readings, 4 % off for
     * five hours with coverage 0; from 1.0, 14 %. Read exactly, the start no longer depends on the guess.
     * Two things a Gaussian prior gets wrong matter as much (Panasonic NCR18650PF after its CC-CV
     * charge, true SoC 1.0, the reading above the OCV table's last value): an h beyond ±M, which the
     * model does not allow, and a bias prior of the worst SoC region's slow error, which took +55 mV of
     * the reading at 25 degC, so SoC started 5 % low and stayed there under a 2-3.5 % bound. Hence h on
     * the grid within ±M, and the bias's prior at each grid point's SoC.
     *
     * <p>The prior after a reset is SoC, v1, v2, h and b each on its own, the capacity correlated with
     * SoC only (through a prediction before this reading) and the strain gauge's zero with nothing, so
     * the moments are exact: SoC's, h's and the linear states' from the grid, the capacity's by its
     * regression on SoC, the zero's unchanged (the voltage does not see it).
     *
     * @param ohmicV the ohmic drop at the prior SoC without ρ (the filter's H leaves R0's SoC slope out)
     */
    private boolean correctFromStart(double voltageV, double temperatureDegC, double r, double ohmicV) {
        DMatrix6x6 q = covariance;
        double pss = q.a11;
        double residual = voltageV - (x.a2 + x.a3 + x.a5) - resistanceScale * ohmicV;
        if (!(pss > 0)
                || !startReading.read(
                        x.a1, pss, x.a4, q.a44, p.hysteresisV(), residual, q.a22, q.a33, q.a55, r, temperatureDegC)) {
            return false;
        }
        double socShift = startReading.meanShift();
        double socVariance = startReading.shiftVariance();
        double capacityRegression = q.a16 / pss;
        double capacityVariance = q.a66 + capacityRegression * capacityRegression * (socVariance - pss);
        x.a1 += socShift;
        x.a2 += startReading.linearShift(0);
        x.a3 += startReading.linearShift(1);
        // h with the OCV's bend (see StartReading) may lie just beyond ±M, where the model's h never is.
        x.a4 = Math.clamp(startReading.meanHysteresis(), -p.hysteresisV(), p.hysteresisV());
        x.a5 += startReading.linearShift(2);
        x.a6 += capacityRegression * socShift;
        // Each entry and its mirror at once, as subtractSymmetricOuter writes them.
        q.a11 = socVariance;
        q.a12 = q.a21 = startReading.linearSocCovariance(0);
        q.a13 = q.a31 = startReading.linearSocCovariance(1);
        q.a14 = q.a41 = startReading.shiftHysteresisCovariance();
        q.a15 = q.a51 = startReading.linearSocCovariance(2);
        q.a22 = startReading.linearCovariance(0, 0);
        q.a23 = q.a32 = startReading.linearCovariance(0, 1);
        q.a24 = q.a42 = startReading.linearHysteresisCovariance(0);
        q.a25 = q.a52 = startReading.linearCovariance(0, 2);
        q.a33 = startReading.linearCovariance(1, 1);
        q.a34 = q.a43 = startReading.linearHysteresisCovariance(1);
        q.a35 = q.a53 = startReading.linearCovariance(1, 2);
        q.a44 = startReading.hysteresisVariance();
        q.a45 = q.a54 = startReading.linearHysteresisCovariance(2);
        q.a55 = startReading.linearCovariance(2, 2);
        q.a16 = q.a61 = capacityRegression * q.a11;
        q.a26 = q.a62 = capacityRegression * q.a12;
        q.a36 = q.a63 = capacityRegression * q.a13;
        q.a46 = q.a64 = capacityRegression * q.a14;
        q.a56 = q.a65 = capacityRegression * q.a15;
        q.a66 = capacityVariance;
        return true;
    }

    /**
     * After a gross correction the hysteresis is no better known than before it: the voltage the
     * correction explained may be SoC's or the hysteresis's, and only charge throughput tells them
     * apart. The clamp into ±M during the correction makes a posterior that is not Gaussian, so the
     * covariance the update leaves would claim h is known; instead h keeps its prior spread and loses
     * its correlation with the rest. (LG M50T UDDS from a 0.5 guess, true 0.78: the converging
     * corrections parked h at its bound and SoC settled 3 % high under a 1.9 % bound for five hours;
     * with this, RMSE after 600 s 0.94 %, coverage 0.98.)
     */
    private void forgetHysteresis() {
        for (int k = 0; k < 6; k++) {
            covariance.unsafe_set(3, k, 0.0);
            covariance.unsafe_set(k, 3, 0.0);
        }
        covariance.a44 = Math.max(sq(p.hysteresisV()), sq(0.001));
    }

    /**
     * The Joseph form P ← (I − K H) P (I − K H)ᵀ + K r Kᵀ for the scalar measurement whose H, P·Hᵀ and
     * gain are in their fields, s = H·P·Hᵀ + r, without a matrix product. With u = P·Hᵀ it expands,
     * for any K and not only the optimal one, to P − K uᵀ − u Kᵀ + s K Kᵀ = P − K wᵀ − w Kᵀ with
     * w = u − (s/2)·K: a symmetric rank-2 update, O(n²) instead of two dense n×n products. It stays
     * Joseph's: an error δ in the gain leaves P − u uᵀ/s + s δ δᵀ, never less positive than the exact
     * update (the short form P − K uᵀ takes the error in first order, of either sign). It is formed as
     * the symmetric part (M + Mᵀ)/2 of M = P − K (2w)ᵀ, the same matrix, so it comes out exactly
     * symmetric and rounding cannot build up an asymmetric part over the millions of steps of a trace.
     */
    private void josephUpdate(double s) {
        // 2w = 2u − s·K
        work6.setTo(
                -s * gain.a1 + pht.a1 + pht.a1,
                -s * gain.a2 + pht.a2 + pht.a2,
                -s * gain.a3 + pht.a3 + pht.a3,
                -s * gain.a4 + pht.a4 + pht.a4,
                -s * gain.a5 + pht.a5 + pht.a5,
                -s * gain.a6 + pht.a6 + pht.a6);
        subtractSymmetricOuter(covariance, gain, work6);
    }

    /**
     * P ← (M + Mᵀ)/2 with M = P − k vᵀ, element by element on the 21 distinct entries: the figures of
     * forming M, its transpose and their mean as whole matrices (EJML's multAddOuter, transpose, add and
     * scale), at a third of the work. A diagonal entry is M's own: (m + m)/2 is m exactly.
     */
    private static void subtractSymmetricOuter(DMatrix6x6 q, DMatrix6 k, DMatrix6 v) {
        double k1 = k.a1;
        double k2 = k.a2;
        double k3 = k.a3;
        double k4 = k.a4;
        double k5 = k.a5;
        double k6 = k.a6;
        double v1 = v.a1;
        double v2 = v.a2;
        double v3 = v.a3;
        double v4 = v.a4;
        double v5 = v.a5;
        double v6 = v.a6;
        q.a11 = q.a11 - k1 * v1;
        q.a12 = q.a21 = ((q.a12 - k1 * v2) + (q.a21 - k2 * v1)) * 0.5;
        q.a13 = q.a31 = ((q.a13 - k1 * v3) + (q.a31 - k3 * v1)) * 0.5;
        q.a14 = q.a41 = ((q.a14 - k1 * v4) + (q.a41 - k4 * v1)) * 0.5;
        q.a15 = q.a51 = ((q.a15 - k1 * v5) + (q.a51 - k5 * v1)) * 0.5;
        q.a16 = q.a61 = ((q.a16 - k1 * v6) + (q.a61 - k6 * v1)) * 0.5;
        q.a22 = q.a22 - k2 * v2;
        q.a23 = q.a32 = ((q.a23 - k2 * v3) + (q.a32 - k3 * v2)) * 0.5;
        q.a24 = q.a42 = ((q.a24 - k2 * v4) + (q.a42 - k4 * v2)) * 0.5;
        q.a25 = q.a52 = ((q.a25 - k2 * v5) + (q.a52 - k5 * v2)) * 0.5;
        q.a26 = q.a62 = ((q.a26 - k2 * v6) + (q.a62 - k6 * v2)) * 0.5;
        q.a33 = q.a33 - k3 * v3;
        q.a34 = q.a43 = ((q.a34 - k3 * v4) + (q.a43 - k4 * v3)) * 0.5;
        q.a35 = q.a53 = ((q.a35 - k3 * v5) + (q.a53 - k5 * v3)) * 0.5;
        q.a36 = q.a63 = ((q.a36 - k3 * v6) + (q.a63 - k6 * v3)) * 0.5;
        q.a44 = q.a44 - k4 * v4;
        q.a45 = q.a54 = ((q.a45 - k4 * v5) + (q.a54 - k5 * v4)) * 0.5;
        q.a46 = q.a64 = ((q.a46 - k4 * v6) + (q.a64 - k6 * v4)) * 0.5;
        q.a55 = q.a55 - k5 * v5;
        q.a56 = q.a65 = ((q.a56 - k5 * v6) + (q.a65 - k6 * v5)) * 0.5;
        q.a66 = q.a66 - k6 * v6;
    }

    /**
     * One strain reading, taken with the last {@link #update}. A reading far outside what SoC and the
     * offset allow (a gauge glitch, or a SoC estimate still far off where g folds back) is ignored:
     * strain is the weaker sensor and must not drag a good voltage estimate.
     */
    @Override
    public void observeStrain(double strainReading, double temperatureDegC) {
        if (strainResponse == null || !Double.isFinite(strainReading) || !Double.isFinite(temperatureDegC)) {
            return;
        }
        double soc = x.a1;
        // g folds back on itself (the can swells, contracts and swells again over a discharge), so a
        // reading fits several SoCs; only once voltage and charge have placed SoC, to 3σ, within one
        // fold may strain refine it. Before that it would lock the filter onto the wrong fold.
        double spread = GROSS_INNOVATION_SIGMAS * Math.sqrt(covariance.a11);
        double slope = strainResponse.monotonicBetween(soc - spread, soc + spread) ? strainResponse.socSlope(soc) : 0.0;
        double r = strainResponse.variance(lastStepS, temperatureDegC);
        double innovation = strainReading - strainResponse.value(soc, temperatureDegC) - strainOffset;
        // Joint update with H = [g', 0, 0, 0, 0, 0 | 1]: P·Hᵀ is g'·P[:,0] + Cov(x, o) for x, and
        // g'·Cov(SoC, o) + Var(o) for o.
        DMatrix6x6 q = covariance;
        pht.setTo(slope * q.a11, slope * q.a21, slope * q.a31, slope * q.a41, slope * q.a51, slope * q.a61);
        CommonOps_DDF6.addEquals(pht, offsetCovariance);
        double phtOffset = slope * offsetCovariance.a1 + strainOffsetVariance;
        double s = slope * pht.a1 + phtOffset + r;
        if (Math.abs(innovation) > GROSS_INNOVATION_SIGMAS * Math.sqrt(s)) {
            return;
        }
        CommonOps_DDF6.divide(pht, s, strainGain);
        double offsetGain = phtOffset / s;
        x.a1 += strainGain.a1 * innovation;
        x.a2 += strainGain.a2 * innovation;
        x.a3 += strainGain.a3 * innovation;
        x.a4 = Math.clamp(x.a4 + strainGain.a4 * innovation, -p.hysteresisV(), p.hysteresisV());
        x.a5 += strainGain.a5 * innovation;
        x.a6 += strainGain.a6 * innovation;
        strainOffset += offsetGain * innovation;
        // P ← P − K S Kᵀ on the joint covariance, block by block (K S = P·Hᵀ).
        // Kept symmetric against rounding (the short form does not by itself): P ← (M + Mᵀ)/2.
        subtractSymmetricOuter(covariance, strainGain, pht);
        CommonOps_DDF6.scale(phtOffset, strainGain, work6);
        CommonOps_DDF6.subtractEquals(offsetCovariance, work6);
        strainOffsetVariance -= offsetGain * phtOffset;
    }

    @Override
    public double strainOffset() {
        return strainResponse == null ? Double.NaN : strainOffset;
    }

    @Override
    public double strainOffsetSigma() {
        return strainResponse == null ? Double.NaN : Math.sqrt(strainOffsetVariance);
    }

    @Override
    public double soc() {
        return x.a1;
    }

    @Override
    public double socSigma() {
        return Math.sqrt(covariance.a11);
    }

    /** Hysteresis voltage estimate, V. */
    public double hysteresis() {
        return x.a4;
    }

    /** Estimated capacity, Ah; NaN when the parameter file does not ask for capacity to be estimated. */
    @Override
    public double capacityAh() {
        return estimatesCapacity() ? 1.0 / x.a6 : Double.NaN;
    }

    /** 1σ of {@link #capacityAh()}, Ah (from that of 1/Q: σ_Q = σ_c / c²); NaN when not estimated. */
    @Override
    public double capacitySigmaAh() {
        return estimatesCapacity() ? Math.sqrt(Math.max(covariance.a66, 0.0)) / (x.a6 * x.a6) : Double.NaN;
    }

    /**
     * Ohmic resistance relative to the cell file's R0(SoC, T), i.e. SoH_resistance = R0/R0_new when the
     * cell file describes the cell new; NaN when resistance is not tracked.
     */
    @Override
    public double resistanceScale() {
        return tracksResistance() ? resistanceScale : Double.NaN;
    }

    /** 1σ of {@link #resistanceScale()}; NaN when resistance is not tracked. */
    @Override
    public double resistanceScaleSigma() {
        return tracksResistance() ? Math.sqrt(Math.max(resistanceScaleVariance, 0.0)) : Double.NaN;
    }

    /** See {@link ResistanceResponse#ratio()}; NaN when resistance is not tracked or not yet seen. */
    @Override
    public double resistanceHealth() {
        return response == null ? Double.NaN : response.ratio();
    }

    @Override
    public double resistanceHealthSigma() {
        return response == null ? Double.NaN : response.ratioSigma();
    }

    /**
     * {@link #resistanceHealth()} over the last five minutes or so of driving (older blocks fade with
     * that memory), NaN where not tracked or not yet seen: a change of the cell's resistance shows in
     * full after some twenty minutes of driving.
     */
    public double recentResistanceHealth() {
        return recentResponse == null ? Double.NaN : recentResponse.ratio();
    }

    /** 1σ of {@link #recentResistanceHealth()}; NaN where not known. */
    public double recentResistanceHealthSigma() {
        return recentResponse == null ? Double.NaN : recentResponse.ratioSigma();
    }

    private boolean tracksResistance() {
        return noise.initialResistanceSigmaFraction() > 0;
    }

    private boolean estimatesCapacity() {
        return noise.initialCapacitySigmaFraction() > 0;
    }

    /** Starts the capacity from a given value (e.g. the rated capacity) with the prior's relative 1σ. */
    public void resetCapacity(double capacityAh) {
        if (!(capacityAh > 0) || !Double.isFinite(capacityAh)) {
            throw new IllegalArgumentException("capacity must be a positive number of Ah, got " + capacityAh);
        }
        double c = 1.0 / capacityAh;
        for (int k = 0; k < 6; k++) {
            covariance.unsafe_set(5, k, 0.0);
            covariance.unsafe_set(k, 5, 0.0);
        }
        x.a6 = c;
        covariance.a66 = sq(noise.initialCapacitySigmaFraction() * c);
    }

    /** A snapshot to persist; {@link #restore} continues from it exactly. */
    public FilterState state() {
        double[] values = new double[FilterState.SIZE];
        double[] p6 = new double[FilterState.SIZE * FilterState.SIZE];
        for (int r = 0; r < FilterState.SIZE; r++) {
            values[r] = x.unsafe_get(r, 0);
            for (int c = 0; c < FilterState.SIZE; c++) {
                p6[r * FilterState.SIZE + c] = covariance.unsafe_get(r, c);
            }
        }
        FilterState.StrainZero zero = null;
        if (strainResponse != null) {
            double[] cross = new double[FilterState.SIZE];
            for (int r = 0; r < FilterState.SIZE; r++) {
                cross[r] = offsetCovariance.unsafe_get(r, 0);
            }
            zero = new FilterState.StrainZero(strainOffset, strainOffsetVariance, cross);
        }
        return new FilterState(
                values, p6, resistanceScale, resistanceScaleVariance, zero, sustainedCurrentA, consistency.saved());
    }

    /** Continues from a saved snapshot (validated when it was built). */
    public void restore(FilterState saved) {
        double[] values = saved.state();
        double[] p6 = saved.covariance();
        for (int r = 0; r < FilterState.SIZE; r++) {
            x.unsafe_set(r, 0, values[r]);
            for (int c = 0; c < FilterState.SIZE; c++) {
                covariance.unsafe_set(r, c, p6[r * FilterState.SIZE + c]);
            }
        }
        resistanceScale = saved.resistanceScale();
        resistanceScaleVariance = saved.resistanceScaleVariance();
        if (response != null) {
            // The open-loop model's RC voltages are not in the snapshot; the next window starts afresh.
            modelV1 = 0;
            modelV2 = 0;
            modelChargeTransfer = 0;
            modelHysteresis = x.a4;
            response.interrupt();
            recentResponse.interrupt();
        }
        sustainedCurrentA = saved.sustainedCurrentA();
        consistency.restore(saved.modelErrorCheck());
        // The bias prior came with the snapshot; the bias's spread is set again by the next prediction.
        biasPriorAtTemperaturePending = false;
        // So did what earlier readings said of SoC: the next reading is an ordinary one.
        startReadingPending = false;
        if (strainResponse != null) {
            FilterState.StrainZero zero = saved.strainZero();
            if (zero != null) {
                double[] cross = zero.covarianceWithState();
                for (int r = 0; r < FilterState.SIZE; r++) {
                    offsetCovariance.unsafe_set(r, 0, cross[r]);
                }
                strainOffset = zero.offset();
                strainOffsetVariance = zero.variance();
            } else {
                // A snapshot from before the zero was saved (or from a filter without a gauge): the
                // zero is learned again from the gauge's prior, owing nothing to the restored state.
                CommonOps_DDF6.fill(offsetCovariance, 0);
                strainOffset = 0;
                strainOffsetVariance = sq(strainResponse.offsetSigma());
            }
        }
        lastStepS = 0;
    }

    /** Voltage bias estimate: slow model error the filter has taken up, V. */
    public double voltageBias() {
        return x.a5;
    }

    /** Element (row, col) of the state covariance, for tests and diagnostics. */
    public double covariance(int row, int col) {
        return covariance.unsafe_get(row, col);
    }

    /**
     * Whether an innovation lies within {@value #GROSS_INNOVATION_SIGMAS} sigmas of its variance s, i.e. is
     * not gross (squared, without a square root per step). A NaN innovation is not.
     */
    private static boolean withinGate(double innovation, double s) {
        return innovation * innovation <= GROSS_INNOVATION_SIGMAS * GROSS_INNOVATION_SIGMAS * s;
    }

    private static double sq(double v) {
        return v * v;
    }
}
