package org.healbms.core.identification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EstimatorNoise;
import org.healbms.core.cell.SocTemperatureTable;

/**
 * Builds a cell parameter set from what a user really has: low-rate (≤ C/20) OCV tests and dynamic
 * tests (HPPC pulses or drive cycles).
 *
 * <p>Steps: the OCV centre line and hysteresis gap from each low-rate test ({@link OcvIdentification});
 * R0(soc), the RC pairs, the hysteresis and a correction of the OCV line from the dynamic tests
 * ({@link DynamicFit}), one fit per temperature; then the filter's noise figures from how well that
 * model fits.
 *
 * <p>Temperature: dynamic tests are grouped by their mean cell temperature, and each group gives
 * R0(SoC), the RC pairs and the OCV correction one table row; the resistance and time-constant tables
 * follow the Arrhenius law between and beyond the rows. With three or more groups R0 is refitted
 * with each group weakly held to the Arrhenius line of all of them ({@link R0AcrossTemperature}).
 * Low-rate tests at several temperatures give the OCV centre line one row each, a cold test only
 * over the SoC it reached ({@link OcvAcrossTemperature}); each temperature's dynamic fit moves the
 * line where its rests say, but may not bend it (see {@link DynamicFit}).
 *
 * <p>Hysteresis: the low-rate test's charge and discharge branches are used. Half their gap is the
 * hysteresis plus the low-rate IR drop; the branches join the fit at the temperature nearest the
 * low-rate test, where they pin the hysteresis magnitude M that discharge-only pulses cannot tell
 * from an OCV offset. The other temperatures take M and its rate as given; one M serves all
 * temperatures, because nothing in a discharge-only HPPC test measures it there.
 */
public final class CellIdentification {

    /** Smallest voltage noise the filter is told about: the ADC and wiring of a real pack
     * controller are rarely better than this, whatever a lab tester achieved. */
    static final double MIN_VOLTAGE_SIGMA_V = 0.002;
    /** Prior 1σ when the start SoC is only a guess: about that of a SoC uniformly unknown in 0..1. */
    static final double INITIAL_SOC_SIGMA = 0.3;
    /** SoC random walk: a current-sensor offset of ~0.3 % of 1C drifts SoC by ~1 % over 3 h. */
    static final double SOC_PROCESS_SIGMA_PER_SQRT_S = 5e-5;

    static final double RC_PROCESS_SIGMA_V_PER_SQRT_S = 2e-4;
    static final double HYSTERESIS_PROCESS_SIGMA_V_PER_SQRT_S = 2e-4;
    /**
     * Capacity is not estimated by default (prior 0): on the Panasonic 25 degC drive cycles a 5 % prior
     * let the capacity state take up model error (it rose from 2.9 to 3.06-3.10 Ah against 2.995 Ah at
     * C/20) and SoC RMSE rose by 0.2-0.5 points. A cell file enables it by setting the prior.
     */
    static final double INITIAL_CAPACITY_SIGMA_FRACTION = 0.0;
    /** Capacity random walk: about 0.1 % per 300 h of operation, faster than any cell ages. */
    static final double CAPACITY_PROCESS_SIGMA_FRACTION_PER_SQRT_S = 1e-6;

    private CellIdentification() {}

    /**
     * @param name         what cell this is
     * @param ocvTests     low-rate tests, each starting full, one per temperature
     * @param dynamicTests dynamic tests
     * @param capacityAh   capacity for the SoC axis, or NaN to use the first low-rate test's discharge
     * @param minVoltageV  the cell's lower voltage limit
     * @param maxVoltageV  the cell's upper voltage limit
     */
    public static IdentifiedCell identify(
            String name,
            List<CellRecording> ocvTests,
            List<CellRecording> dynamicTests,
            double capacityAh,
            double minVoltageV,
            double maxVoltageV)
            throws IdentificationException {
        if (ocvTests.isEmpty()) {
            throw new IdentificationException(
                    "no low-rate OCV test given; the OCV curve needs a C/20 discharge (--ocv)");
        }
        // The SoC axis is that of the test nearest room temperature (or --capacity-ah): colder tests
        // reach their voltage limit before they have delivered its charge, and cover only part of it.
        CellRecording axisTest = ocvTests.getFirst();
        for (CellRecording test : ocvTests) {
            if (distanceFromRoom(test) < distanceFromRoom(axisTest)) {
                axisTest = test;
            }
        }
        OcvCurve axis = OcvIdentification.identify(axisTest, capacityAh);
        double capacity = axis.capacityAh();
        List<OcvCurve> curves = new ArrayList<>();
        List<CellRecording> ocvBranches = new ArrayList<>();
        List<CellRecording> branches = new ArrayList<>();
        for (CellRecording test : ocvTests) {
            OcvCurve curve = test == axisTest ? axis : OcvIdentification.identify(test, capacity);
            curves.add(curve);
            CellRecording sliced = test.slice(curve.firstSample(), curve.lastSample(), capacity);
            ocvBranches.add(sliced);
            // The branches' gap pins the hysteresis in the fit at the axis test's temperature only:
            // a cold test's branches would pull that temperature's resistances.
            if (test == axisTest && Double.isFinite(curve.medianHalfGapV())) {
                branches.add(sliced);
            }
        }
        curves.sort(Comparator.comparingDouble(OcvCurve::temperatureDegC));
        for (int c = 1; c < curves.size(); c++) {
            if (!(curves.get(c).temperatureDegC() - curves.get(c - 1).temperatureDegC() >= 2.0)) {
                throw new IdentificationException(String.format(
                        "two OCV tests at %.1f and %.1f degC (%s, %s): give one low-rate test per temperature",
                        curves.get(c - 1).temperatureDegC(),
                        curves.get(c).temperatureDegC(),
                        curves.get(c - 1).name(),
                        curves.get(c).name()));
            }
        }
        List<String> notes = new ArrayList<>();
        SocTemperatureTable centre = OcvAcrossTemperature.centreTable(curves, notes);
        dynamicTests = withKnownStart(dynamicTests, axis, centre, capacity);
        if (dynamicTests.isEmpty()) {
            throw new IdentificationException(
                    "no dynamic test given; R0 and the RC pairs need HPPC pulses or a drive cycle (--dynamic)");
        }

        // One dynamic fit per temperature. The hysteresis is identified where the low-rate branches
        // are (their gap separates it from an OCV offset); the other temperatures take it as given,
        // since discharge-only pulses cannot tell the two apart.
        List<List<CellRecording>> groups = byTemperature(dynamicTests, centre.temperatureDegC()[0]);
        int reference = nearestGroup(groups, axis);
        List<String> firstPassNotes = new ArrayList<>();
        List<TemperatureFit> temperatureFits =
                fitGroups(groups, reference, branches, centre, capacity, null, firstPassNotes);
        // With three or more temperatures, R0 is fitted again with each group held (weakly) to the
        // Arrhenius law the groups follow together: a group whose tests cannot tell R0 from a fast RC
        // pair otherwise trades them off freely (the Panasonic 0 degC drive mix gave R0 1 mOhm beside
        // 50 mOhm at the HPPC temperatures either side).
        double[][] priors = R0AcrossTemperature.priors(temperatureFits);
        if (priors != null) {
            temperatureFits = fitGroups(groups, reference, branches, centre, capacity, priors, notes);
        } else {
            notes.addAll(firstPassNotes);
        }
        SocTemperatureTable ocv = ocvTable(centre, temperatureFits);

        double rmse = 0;
        for (TemperatureFit t : temperatureFits) {
            rmse = Math.max(rmse, t.parameters().rmseV());
        }
        CellParameters parameters = build(
                name,
                capacity,
                minVoltageV,
                maxVoltageV,
                ocv,
                temperatureFits,
                Math.max(rmse, MIN_VOLTAGE_SIGMA_V),
                0.0);
        List<TestFit> fits = new ArrayList<>();
        for (CellRecording branch : ocvBranches) {
            // Scored on its branches: the rest after them may be a temperature change the model has no part in.
            fits.add(ModelFit.score(branch, parameters));
        }
        // The filter's voltage noise is the model's error on the dynamic tests (what it meets in use):
        // its size, and how long it stays correlated; the worst test sets it (in the cold).
        ModelFit.Error error = ModelFit.scoreAll(dynamicTests, parameters, fits);
        parameters = build(
                name,
                capacity,
                minVoltageV,
                maxVoltageV,
                ocv,
                temperatureFits,
                Math.max(error.worstRmseV(), MIN_VOLTAGE_SIGMA_V),
                error.correlationS());
        // The filter's noise per temperature and SoC region, from the same residuals (ModelErrorIdentification).
        ModelErrorIdentification.Result modelError = ModelErrorIdentification.identify(
                groups, parameters.r0Ohm().temperatureDegC(), parameters, MIN_VOLTAGE_SIGMA_V);
        if (modelError.measuredSlowErrorUnderLoad(capacity)) {
            parameters = parameters.withNoise(parameters
                    .noise()
                    .withModelError(modelError.profile(), modelError.floorV(), modelError.fastCorrelationS(), 0.0));
        }
        // The charge transfer beside the linear model, for the resistance state of health only.
        ChargeTransferIdentification.Result transfer =
                ChargeTransferIdentification.identify(groups, parameters.r0Ohm().temperatureDegC(), parameters);
        parameters = parameters.withChargeTransfer(transfer.transfer());
        notes.add(transfer.note());
        notes.add(restErrorNote(groups, temperatureFits, parameters));
        return new IdentifiedCell(
                parameters, List.copyOf(curves), List.copyOf(temperatureFits), List.copyOf(fits), List.copyOf(notes));
    }

    /** The model's error at the ends of the dynamic tests' long rests, per temperature: the error of its OCV there. */
    private static String restErrorNote(
            List<List<CellRecording>> groups, List<TemperatureFit> fits, CellParameters parameters) {
        List<String> parts = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            RestEnds.Error e = RestEnds.error(groups.get(g), parameters);
            if (e.count() > 0) {
                parts.add(String.format(
                        "%.1f degC %.1f mV (mean %+.1f, %d rests)",
                        fits.get(g).temperatureDegC(), 1000 * e.rmsV(), 1000 * e.meanV(), e.count()));
            }
        }
        return "model error (measured - model) at the ends of rests of " + (int) RestEnds.MIN_REST_S
                + " s or more, RMS: " + (parts.isEmpty() ? "no such rests" : String.join(", ", parts));
    }

    /**
     * One dynamic fit per temperature group. The hysteresis is identified where the low-rate branches
     * are (their gap separates it from an OCV offset); the other temperatures take it as given, since
     * discharge-only pulses cannot tell the two apart.
     */
    private static List<TemperatureFit> fitGroups(
            List<List<CellRecording>> groups,
            int reference,
            List<CellRecording> branches,
            SocTemperatureTable centre,
            double capacity,
            double[][] r0Priors,
            List<String> notes)
            throws IdentificationException {
        double fallback = centre.temperatureDegC()[0];
        List<CellRecording> referenceGroup = groups.get(reference);
        DynamicParameters referenceFit = inGroup(
                referenceGroup,
                centre,
                () -> DynamicFit.fit(
                        referenceGroup,
                        branches,
                        centre,
                        capacity,
                        groupTemperature(referenceGroup, fallback),
                        r0Priors == null ? null : r0Priors[reference],
                        notes));
        List<TemperatureFit> temperatureFits = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            List<CellRecording> group = groups.get(g);
            double[] prior = r0Priors == null ? null : r0Priors[g];
            DynamicParameters fit = g == reference
                    ? referenceFit
                    : inGroup(
                            group,
                            centre,
                            () -> DynamicFit.fitWithHysteresis(
                                    group,
                                    centre,
                                    capacity,
                                    referenceFit.hysteresisV(),
                                    referenceFit.hysteresisRate(),
                                    groupTemperature(group, fallback),
                                    prior,
                                    notes));
            temperatureFits.add(new TemperatureFit(groupTemperature(group, fallback), fit, group.size()));
        }
        return temperatureFits;
    }

    /** Tests within this many kelvin of each other are fitted as one temperature. */
    static final double SAME_TEMPERATURE_K = 3.0;

    /** Groups tests by their mean cell temperature, coldest first. */
    /** One temperature group's fit; a failure names the group, its tests and how far they warmed. */
    @FunctionalInterface
    private interface GroupFit {
        DynamicParameters fit() throws IdentificationException;
    }

    private static DynamicParameters inGroup(List<CellRecording> group, SocTemperatureTable centre, GroupFit fit)
            throws IdentificationException {
        try {
            return fit.fit();
        } catch (IdentificationException e) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (CellRecording r : group) {
                for (double t : r.temperatureDegC()) {
                    if (Double.isFinite(t)) {
                        lo = Math.min(lo, t);
                        hi = Math.max(hi, t);
                    }
                }
            }
            throw new IdentificationException("the tests at %.1f degC (%s, logged %.1f..%.1f degC): %s%s"
                    .formatted(
                            groupTemperature(group, centre.temperatureDegC()[0]),
                            String.join(
                                    ", ",
                                    group.stream().map(CellRecording::name).toList()),
                            lo,
                            hi,
                            e.getMessage(),
                            hi - lo > 10
                                    ? "; these tests' temperature moved by more than 10 K, and one parameter set per"
                                            + " temperature fits them only roughly (a cold drive cycle self-heats and polarises slowly)"
                                    : ""));
        }
    }

    private static List<List<CellRecording>> byTemperature(List<CellRecording> tests, double fallbackDegC) {
        List<CellRecording> sorted = new ArrayList<>(tests);
        sorted.sort(Comparator.comparingDouble(t -> temperatureOf(t, fallbackDegC)));
        List<List<CellRecording>> groups = new ArrayList<>();
        double groupStart = Double.NaN;
        for (CellRecording t : sorted) {
            double temperature = temperatureOf(t, fallbackDegC);
            if (groups.isEmpty() || temperature - groupStart > SAME_TEMPERATURE_K) {
                groups.add(new ArrayList<>());
                groupStart = temperature;
            }
            groups.getLast().add(t);
        }
        return groups;
    }

    private static double temperatureOf(CellRecording t, double fallbackDegC) {
        double mean = t.meanTemperatureDegC();
        return Double.isFinite(mean) ? mean : fallbackDegC;
    }

    private static double groupTemperature(List<CellRecording> group, double fallbackDegC) {
        return group.stream()
                .mapToDouble(t -> temperatureOf(t, fallbackDegC))
                .average()
                .orElse(fallbackDegC);
    }

    /** The group closest in temperature to the low-rate test that defines the SoC axis. */
    private static int nearestGroup(List<List<CellRecording>> groups, OcvCurve axis) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int g = 0; g < groups.size(); g++) {
            double distance =
                    Math.abs(groupTemperature(groups.get(g), axis.temperatureDegC()) - axis.temperatureDegC());
            if (distance < bestDistance) {
                bestDistance = distance;
                best = g;
            }
        }
        return best;
    }

    /** Temperature the SoC axis is preferably defined at, degC: where capacity is rated. */
    static final double ROOM_DEGC = 25.0;

    private static double distanceFromRoom(CellRecording test) {
        double t = test.meanTemperatureDegC();
        return Double.isFinite(t) ? Math.abs(t - ROOM_DEGC) : 0.0;
    }

    /** A rest this long lets the voltage settle near the OCV branch the cell came along, s. */
    static final double SETTLED_REST_S = 600.0;

    /**
     * Tests whose start SoC is unknown get it from the OCV: at the start if they start at rest,
     * otherwise at their first settled rest, read on the low-rate branch of the direction the cell
     * came from (a rest reached by discharge sits near the discharge branch) and carried back to the
     * start by the charge counted in between.
     */
    private static List<CellRecording> withKnownStart(
            List<CellRecording> tests, OcvCurve curve, SocTemperatureTable centre, double capacityAh)
            throws IdentificationException {
        List<CellRecording> known = new ArrayList<>();
        double restCurrent = capacityAh / 100; // below C/100 the IR drop is a millivolt or two
        for (CellRecording t : tests) {
            if (!Double.isNaN(t.startSoc())) {
                known.add(t);
                continue;
            }
            double fallbackT = centre.temperatureDegC()[0];
            if (Math.abs(t.currentA()[0]) < restCurrent && Double.isFinite(t.voltageV()[0])) {
                double temperature = Double.isFinite(t.temperatureDegC()[0]) ? t.temperatureDegC()[0] : fallbackT;
                known.add(t.withStartSoc(centre.socAt(t.voltageV()[0], temperature)));
                continue;
            }
            int settled = firstSettledRest(t, restCurrent);
            if (settled < 0) {
                throw new IdentificationException(
                        t.name() + ": its start SoC is unknown (no start_soc in its metadata), it does not"
                                + " start at rest and it never rests " + (int) SETTLED_REST_S
                                + " s, so the SoC cannot be read off the OCV;"
                                + " give it a metadata sidecar with start_soc");
            }
            double direction = 0;
            for (int k = settled; k >= 0 && direction == 0; k--) {
                if (Math.abs(t.currentA()[k]) >= restCurrent) {
                    direction = Math.signum(t.currentA()[k]);
                }
            }
            double[] branch = direction > 0 ? curve.chargeV() : curve.dischargeV();
            double socAtRest = onBranch(curve, branch, centre, t.voltageV()[settled]);
            known.add(t.withStartSoc(socAtRest - t.chargeAh()[settled] / capacityAh));
        }
        return known;
    }

    /** Index of the last sample of the first rest of at least SETTLED_REST_S, or -1. */
    private static int firstSettledRest(CellRecording t, double restCurrent) {
        int start = -1;
        for (int k = 0; k < t.size(); k++) {
            if (!Double.isFinite(t.currentA()[k])) {
                continue; // an empty cell is not logged: it neither starts nor breaks a rest
            }
            boolean rest = Math.abs(t.currentA()[k]) < restCurrent;
            if (rest && start < 0) {
                start = k;
            } else if (!rest && start >= 0) {
                if (t.timeS()[k - 1] - t.timeS()[start] >= SETTLED_REST_S) {
                    return k - 1;
                }
                start = -1;
            }
        }
        return start >= 0 && t.timeS()[t.size() - 1] - t.timeS()[start] >= SETTLED_REST_S ? t.size() - 1 : -1;
    }

    /** SoC at which a measured branch has the given voltage; the centre line where the branch is missing. */
    private static double onBranch(OcvCurve curve, double[] branch, SocTemperatureTable centre, double voltage) {
        double[] soc = curve.soc();
        int n = 0;
        double[] s = new double[soc.length];
        double[] v = new double[soc.length];
        for (int g = 0; g < soc.length; g++) {
            if (Double.isFinite(branch[g])) {
                s[n] = soc[g];
                v[n++] = branch[g];
            }
        }
        if (n < 2) {
            return centre.socAt(voltage, curve.temperatureDegC());
        }
        return SocTemperatureTable.ofSoc(Arrays.copyOf(s, n), curve.temperatureDegC(), Arrays.copyOf(v, n))
                .socAt(voltage, curve.temperatureDegC());
    }

    /** OCV rows at the dynamic fits' temperatures: the centre line there plus that fit's correction
     * (which {@link DynamicFit} keeps rising). */
    private static SocTemperatureTable ocvTable(SocTemperatureTable centre, List<TemperatureFit> fits) {
        double[] temps = new double[fits.size()];
        double[][] rows = new double[fits.size()][];
        for (int f = 0; f < fits.size(); f++) {
            temps[f] = fits.get(f).temperatureDegC();
            rows[f] = DynamicFit.correctedRow(centre, temps[f], fits.get(f).parameters());
        }
        return new SocTemperatureTable(centre.soc(), temps, rows);
    }

    /** A parameter constant in SoC, one value per temperature. */
    private static SocTemperatureTable perTemperature(
            double[] temps, ToDoubleFunction<DynamicParameters> value, List<TemperatureFit> fits) {
        double[][] rows = new double[fits.size()][];
        for (int f = 0; f < fits.size(); f++) {
            double v = value.applyAsDouble(fits.get(f).parameters());
            rows[f] = new double[] {v, v};
        }
        return new SocTemperatureTable(new double[] {0.0, 1.0}, temps, rows);
    }

    private static CellParameters build(
            String name,
            double capacity,
            double minV,
            double maxV,
            SocTemperatureTable ocv,
            List<TemperatureFit> fits,
            double voltageSigma,
            double voltageCorrelationS) {
        double[] temps =
                fits.stream().mapToDouble(TemperatureFit::temperatureDegC).toArray();
        double[][] r0 = fits.stream().map(f -> f.parameters().r0Ohm()).toArray(double[][]::new);
        DynamicParameters reference = fits.getFirst().parameters();
        // Coulombic efficiency 1: a low-rate charge that stops at the upper voltage under constant
        // current never returns to full, so the test cannot measure it, and for lithium-ion cells it
        // is above 0.998; a drift of that size is inside the SoC random walk.
        // Resistances and time constants are thermally activated: between and beyond the fitted
        // temperatures they follow the Arrhenius law through the rows, not a straight line or the edge row.
        SocTemperatureTable.TemperatureLaw arrhenius = SocTemperatureTable.TemperatureLaw.ARRHENIUS;
        // The same hysteresis at every temperature: it is identified at one (see identify).
        CellParameters.Hysteresis hysteresis =
                new CellParameters.Hysteresis(reference.hysteresisV(), reference.hysteresisRate());
        return new CellParameters(
                name,
                new CellParameters.Charge(capacity, 1.0),
                new CellParameters.VoltageWindow(minV, maxV),
                ocv,
                new CellParameters.Impedance(
                        new SocTemperatureTable(reference.socNodes(), temps, r0, arrhenius),
                        new CellParameters.RcPair(
                                perTemperature(temps, DynamicParameters::r1Ohm, fits)
                                        .withLaw(arrhenius),
                                perTemperature(temps, DynamicParameters::tau1S, fits)
                                        .withLaw(arrhenius)),
                        new CellParameters.RcPair(
                                perTemperature(temps, DynamicParameters::r2Ohm, fits)
                                        .withLaw(arrhenius),
                                perTemperature(temps, DynamicParameters::tau2S, fits)
                                        .withLaw(arrhenius))),
                hysteresis,
                // The bias state may wander by the model's error in one correlation time: σ/√τc.
                new EstimatorNoise(
                        new EstimatorNoise.SocNoise(INITIAL_SOC_SIGMA, SOC_PROCESS_SIGMA_PER_SQRT_S),
                        new EstimatorNoise.PolarisationNoise(
                                RC_PROCESS_SIGMA_V_PER_SQRT_S, HYSTERESIS_PROCESS_SIGMA_V_PER_SQRT_S),
                        new EstimatorNoise.VoltageNoise(
                                voltageSigma,
                                voltageCorrelationS,
                                voltageCorrelationS > 0 ? voltageSigma / Math.sqrt(voltageCorrelationS) : 0.0,
                                null),
                        new EstimatorNoise.CapacityLearning(
                                INITIAL_CAPACITY_SIGMA_FRACTION, CAPACITY_PROCESS_SIGMA_FRACTION_PER_SQRT_S),
                        EstimatorNoise.ResistanceLearning.NONE));
    }
}
