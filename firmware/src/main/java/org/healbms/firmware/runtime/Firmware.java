package org.healbms.firmware.runtime;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.estimation.HealthLearning;
import org.healbms.core.pack.CurrentLimits;
import org.healbms.core.pack.PackCommand;
import org.healbms.core.pack.PackEstimator;
import org.healbms.core.pack.PackInputs;
import org.healbms.core.pack.PackState;
import org.healbms.core.pack.PackStateMachine;
import org.healbms.core.pack.StateOfPower;
import org.healbms.core.pack.StateTransition;
import org.healbms.core.protection.DiagnosisTable;
import org.healbms.core.protection.FaultEvent;
import org.healbms.core.protection.FaultId;
import org.healbms.core.protection.ProtectionInputs;
import org.healbms.core.protection.SafetySupervisor;
import org.healbms.core.protection.Severity;
import org.healbms.core.reading.FrameChannels;
import org.healbms.core.reading.MonotonicClock;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.core.signature.CapacityFadeDetector;
import org.healbms.core.signature.CellObservation;
import org.healbms.core.signature.HotSpotDetector;
import org.healbms.core.signature.PlatingRiskDetector;
import org.healbms.core.signature.ResistanceGrowthDetector;
import org.healbms.core.signature.StrippingPlateauDetector;
import org.healbms.core.signature.SwellingDetector;
import org.healbms.drivers.acquisition.AcquisitionLoop;
import org.healbms.drivers.acquisition.FrameListener;
import org.healbms.drivers.acquisition.LoopStatistics;
import org.healbms.drivers.ad5941.SweepClock;
import org.healbms.drivers.ad5941.SweepPlan;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.drivers.board.BoardDevices;
import org.healbms.drivers.board.DeviceDescription;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.BusPlatform;
import org.healbms.drivers.bus.PwmLine;
import org.healbms.drivers.platform.BoardPlatform;
import org.healbms.drivers.platform.ModelledContactors;
import org.healbms.drivers.platform.PlatformSettings;
import org.healbms.firmware.can.CanReporter;
import org.healbms.firmware.can.PackFigures;
import org.healbms.firmware.eis.ImpedanceHistoryStore;
import org.healbms.firmware.eis.ImpedanceTracker;
import org.healbms.firmware.eis.SweepAnswer;
import org.healbms.firmware.eis.SweepWorker;
import org.healbms.firmware.memory.HeapWatch;
import org.healbms.firmware.persist.AuditLog;
import org.healbms.firmware.persist.SlotStore;
import org.healbms.firmware.telemetry.FirmwareControl;
import org.healbms.firmware.telemetry.Requester;
import org.healbms.firmware.telemetry.TelemetrySnapshot;
import org.healbms.healing.HealingController;
import org.healbms.healing.HealingInputs;
import org.healbms.healing.rules.RuleEngine;
import org.healbms.healing.rules.RuleSet;
import org.healbms.healing.thermal.Heater;
import org.healbms.healing.thermal.HeaterWatchdog;
import org.healbms.healing.thermal.HeatingLimits;
import org.healbms.healing.thermal.TemperaturePair;
import org.healbms.io.firmware.FirmwareConfig;

/**
 * The firmware, wired: acquisition → protection → pack state machine → estimation → state of power,
 * with persistence and the audit log on the side. Each reading frame is one control tick, handled
 * in {@link #onFrame}; the acquisition loop's deadline accounting is the control loop's.
 */
public final class Firmware implements FrameListener, FirmwareControl, AutoCloseable {

    /**
     * Impedance sweeps: 1 Hz to 5 kHz, 24 log-spaced points, about 39 s on the AD5941. Above 1 kHz
     * so the SEI arc (near 1.7 kHz on an 18650) is seen whole and not taken into R_ohmic.
     */
    static final SweepPlan EIS_PLAN = SweepPlan.logSpaced(1, 5000, 24);
    /** The pack rests when its current is below C/50. */
    static final double REST_C_RATE = 1.0 / 50;

    private final FirmwareConfig config;
    private final PrintWriter log;
    /** The board's platform, found at run time (Pi4J on a Pi, emulators on a desktop): see BoardPlatform.open. */
    private final BoardPlatform boardPlatform;
    private final BusPlatform platform;
    /** The platform's modelled contactors and DC link (a simulation), or null: GPIO coils, measured link. */
    private final ModelledContactors emulatedContactors;
    private final AcquisitionLoop loop;
    private final FrameChannels channels;
    private final PackEstimator estimator;
    private final SafetySupervisor supervisor;
    private final PackStateMachine machine;
    private final StateOfPower power;
    private final SlotStore store;
    private final AuditLog audit;
    private final int linkChannel;
    private final long startNanos;
    private final SystemdNotifier systemd = new SystemdNotifier(System.getenv());
    /** CAN hook (issue 17): the inverter's CAN link, when the board has one. */
    private final Optional<CanReporter> can;

    private volatile PackCommand pending;
    /**
     * The saved state was lost (both slots unreadable) and no operator has acknowledged it yet: the
     * STATE_LOST diagnosis's condition. Saved with the state, so a restart does not forget it.
     */
    private volatile boolean stateLossUnacknowledged;
    private volatile boolean shutdownRequested;
    private long lastSaveNanos;
    private long lastTickNanos = Long.MIN_VALUE;
    private long faultsRaised;
    private int transitionsLogged;
    private volatile CurrentLimits limits = CurrentLimits.NONE;
    private volatile TelemetrySnapshot snapshot;
    private final HealingController healing;
    private final ImpedanceTracker impedance;
    private final org.healbms.core.signature.SensorFaultDetector sensorFaults =
            new org.healbms.core.signature.SensorFaultDetector(5 * SECOND);
    private final List<HeaterWatchdog> heaterWatchdogs = new ArrayList<>();
    /** The board's heaters, in the order of {@link #heaterWatchdogs}. */
    private final List<BoardDescription.HeaterOutput> heaterOutputs;
    private static final long SECOND = 1_000_000_000L;
    /** A heater not refreshed by the control loop for this long is switched off by its watchdog. */
    private static final Duration HEATER_WATCHDOG = Duration.ofSeconds(2);

    public Firmware(FirmwareConfig config, BoardDescription board, CellParameters cellFile, Path plantTrace,
                    RuleSet rules, PrintWriter log) throws IOException {
        // Health is learned on the controller: the resistance and capacity the healing rules act on.
        CellParameters cell = HealthLearning.enable(cellFile);
        this.config = config;
        this.log = log;
        this.startNanos = System.nanoTime();
        this.audit = new AuditLog(config.stateDir().resolve("audit.log"));
        audit.warnings().forEach(w -> log.println("healbms run: warning: " + w));
        boardPlatform = BoardPlatform.open(board, new PlatformSettings(plantTrace, true));
        platform = boardPlatform.buses();
        emulatedContactors = boardPlatform.contactors().orElse(null);
        var devices = BoardDevices.open(board, platform, MonotonicClock.SYSTEM);
        this.loop = new AcquisitionLoop(devices, board.tickPeriod(), MonotonicClock.SYSTEM);
        this.channels = FrameChannels.of(loop.layout(), board.cells());
        this.linkChannel = linkChannel(config, loop);
        var strain = config.strainCalibration();
        var thermal = config.thermalModel();
        if (strain != null) {
            strain.requireCellsUpTo(channels.cells());
        }
        if (thermal != null) {
            thermal.requireCellsUpTo(channels.cells());
        }
        this.estimator = new PackEstimator(channels, cell, strain == null ? k -> null : strain::forCell,
                thermal == null ? k -> null : thermal::forCell, config.socGuess());
        if (strain != null && Arrays.stream(channels.cellStrain()).allMatch(i -> i < 0)) {
            log.println("healbms run: warning: strain_calibration is set but no channel on board " + board.name()
                    + " measures a cell's strain; the estimate runs without strain");
        }
        this.supervisor = new SafetySupervisor(DiagnosisTable.standard(config.limits()));
        this.machine = new PackStateMachine(emulatedContactors != null ? emulatedContactors
                : new GpioContactors(platform.gpioOutput(config.negativeGpio()), platform.gpioOutput(config.prechargeGpio()),
                        platform.gpioOutput(config.positiveGpio())), startNanos);
        this.power = new StateOfPower(config.limits(), cell);
        this.can = CanReporter.open(board, platform, config.limits(), cell.capacityAh(), // CAN hook
                w -> log.println("healbms run: warning: " + w), startNanos);
        Map<Integer, Heater> heaters = new HashMap<>();
        this.heaterOutputs = List.copyOf(board.heaters());
        for (BoardDescription.HeaterOutput h : heaterOutputs) {
            PwmLine pwm = platform.pwmOutput(h.pwmChannel(), h.frequencyHz());
            HeaterWatchdog watchdog = new HeaterWatchdog(duty -> {
                try {
                    pwm.setDuty(duty);
                } catch (BusException e) {
                    // A heater that cannot be driven is reported; its watchdog and the interlocks keep it safe.
                    log.println("healbms run: warning: " + e.getMessage());
                }
            }, HEATER_WATCHDOG);
            heaterWatchdogs.add(watchdog);
            heaters.put(h.cell(), watchdog);
        }
        this.healing = new HealingController(new RuleEngine(rules), List.of(
                new ResistanceGrowthDetector(600 * SECOND, 1800 * SECOND), new SwellingDetector(3600 * SECOND),
                new HotSpotDetector(30 * SECOND), new PlatingRiskDetector(10 * SECOND, cell.capacityAh()),
                new StrippingPlateauDetector(cell.capacityAh()),
                new CapacityFadeDetector(3600 * SECOND, cell.capacityAh())),
                HeatingLimits.typical(), heaters::get, config.healingBudgetDoses(), this::auditQuietly);
        this.impedance = new ImpedanceTracker(new SweepWorker(frontEnds(board, boardPlatform.sweepClock()), EIS_PLAN),
                config.impedanceSweeps(), REST_C_RATE * cell.capacityAh(), new ImpedanceHistoryStore(config.stateDir()),
                this::auditQuietly, w -> log.println("healbms run: warning: " + w), startNanos);
        // A thermal activation on a cell with an impedance front end is judged again by its next
        // sweep at rest: R_ct is what a binder that restores contact should lower.
        healing.onActivationDone((ruleId, c) -> impedance.judgeHealing(c, ruleId));
        impedance.onVerdict((ruleId, c, outcome) -> healing.efficacy().record(ruleId + "/eis", outcome));
        this.store = new SlotStore(config.stateDir(), "state");
        restore(board);
        this.pending = config.runOnStart() ? PackCommand.RUN : PackCommand.NONE;
        loop.addListener(this);
        systemd.ready();
        audit.append("started: board " + board.name() + ", " + board.cells() + " cells, platform "
                + board.platform().name().toLowerCase());
    }

    /** Each cell's impedance front end, opened (and initialised) on the sweep thread when first swept. */
    private Map<Integer, SweepWorker.FrontEnd> frontEnds(BoardDescription board, SweepClock clock) {
        Map<Integer, SweepWorker.FrontEnd> out = new HashMap<>();
        for (var d : board.devices()) {
            if (d instanceof DeviceDescription.EisFrontEnd e && e.cell() >= 1 && e.cell() <= board.cells()) {
                out.put(e.cell(), () -> BoardDevices.openImpedance(board, e.id(), platform, clock));
            }
        }
        return out;
    }

    private static int linkChannel(FirmwareConfig config, AcquisitionLoop loop) {
        if (config.linkVoltageChannel() == null) {
            return -1;
        }
        for (int i = 0; i < loop.layout().size(); i++) {
            if (loop.layout().get(i).name().equals(config.linkVoltageChannel())) {
                return i;
            }
        }
        throw new IllegalArgumentException("link_voltage_channel '" + config.linkVoltageChannel()
                + "' is not a channel of the board");
    }

    private void restore(BoardDescription board) throws IOException {
        switch (store.recover(PersistedState::fromJson)) {
            case SlotStore.Fresh<PersistedState> fresh ->
                    log.println("healbms run: no saved state; starting from SoC " + config.socGuess());
            case SlotStore.Restored<PersistedState> restored -> {
                for (SlotStore.Damage d : restored.passedOver()) {
                    // What the two slots are for, but an operator should know it happened, and why.
                    warn("state slot " + d.slot().getFileName() + " passed over (" + d.reason() + "); restored record "
                            + restored.sequence() + " from the other slot");
                }
                apply(restored.value(), restored.sequence(), board);
            }
            case SlotStore.Lost<PersistedState> lost -> startFromDefaults(lost);
        }
    }

    private void apply(PersistedState saved, long sequence, BoardDescription board) throws IOException {
        if (saved.stateLossUnacknowledged()) {
            // The loss before this state is still to be acknowledged: STATE_LOST comes back with it.
            stateLossUnacknowledged = true;
            healing.withholdBudget(true);
            warn("restored state " + sequence + ", but the loss of the state before it is not acknowledged yet: "
                    + "STATE_LOST stays latched and the healing budget withheld");
        }
        if (saved.cells().size() != board.cells()) {
            log.printf("healbms run: warning: saved state has %d cells, the board %d; starting from SoC %.2f%n",
                    saved.cells().size(), board.cells(), config.socGuess());
            return;
        }
        for (int k = 0; k < saved.cells().size(); k++) {
            estimator.restore(k, saved.cells().get(k));
        }
        faultsRaised = saved.faultsRaised();
        healing.restoreDosesUsed(saved.healingDosesUsed());
        log.printf("healbms run: restored state %d (saved at %s)%n", sequence, java.time.Instant.ofEpochMilli(saved.savedAtEpochMs()));
    }

    /**
     * Neither slot could be read. Refusing to start would leave the pack to a restart loop, so the
     * firmware starts from defaults and says so: every cell's filter from the configured SoC guess with
     * the cell file's wide start uncertainty (as on a first start, so the bounds are honest), counters
     * at zero, and no healing budget until an operator acknowledges STATE_LOST. The budget is the one
     * default that is not the configuration's: the count of doses already given is what was lost, and
     * a dose given twice cannot be taken back, while one withheld only waits. The damaged slot files
     * are kept aside for inspection.
     */
    private void startFromDefaults(SlotStore.Lost<PersistedState> lost) throws IOException {
        stateLossUnacknowledged = true;
        healing.withholdBudget(true);
        List<String> damage = lost.damage().stream().map(d -> d.slot().getFileName() + ": " + d.reason()).toList();
        List<String> kept = lost.keptAs().stream().map(p -> p.getFileName().toString()).toList();
        warn("saved state lost (" + String.join("; ", damage) + "); the damaged slots are kept as " + String.join(", ", kept)
                + "; starting from defaults: SoC %.2f with the filter's start uncertainty, counters at zero, no healing budget"
                        .formatted(config.socGuess())
                + " until STATE_LOST is acknowledged");
    }

    /** A warning for the operator: on stderr (the journal on the Pi) and in the audit log. */
    private void warn(String text) throws IOException {
        log.println("healbms run: warning: " + text);
        audit.append(text);
    }

    /** One control tick. */
    @Override
    public void onFrame(ReadingFrame frame) throws IOException {
        long now = frame.monotonicNanos();
        double dt = lastTickNanos == Long.MIN_VALUE ? 0 : (now - lastTickNanos) / 1e9;
        lastTickNanos = now;
        boardPlatform.advanceTo((now - startNanos) / 1e9);
        ProtectionInputs in = ProtectionInputs.of(frame, channels)
                .withRuntime(HeapWatch.system().critical(), stateLossUnacknowledged)
                .withConditions(can.map(CanReporter::conditions).orElse(Set.of())); // CAN hook
        for (FaultEvent e : supervisor.update(in, now)) {
            faultsRaised += e.raised() ? 1 : 0;
            audit.append((e.raised() ? "fault raised " : "fault cleared ") + e.id() + " (" + e.severity() + "): " + e.reason());
        }
        if (healing.budgetWithheld() && !stateLossUnacknowledged && !supervisor.active(FaultId.STATE_LOST)) {
            healing.withholdBudget(false);
            audit.append("healing budget released: " + config.healingBudgetDoses() + " doses per cell, as configured");
        }
        double packV = packVoltage(frame);
        double linkV = emulatedContactors != null ? emulatedContactors.linkVoltage(packV, now)
                : linkChannel >= 0 && frame.quality(linkChannel) == Quality.OK ? frame.value(linkChannel) : Double.NaN;
        PackCommand command = shutdownRequested ? PackCommand.SHUTDOWN : pending;
        pending = PackCommand.NONE;
        if (supervisor.worstSeverity() == Severity.OPEN_CONTACTORS) {
            can.ifPresent(c -> c.stopInverter(now)); // CAN hook: limits to 0 before the contactors open
        }
        machine.step(new PackInputs(now, command, supervisor.worstSeverity(), packV, linkV));
        logTransitions();
        // The core filter is told what the heaters put into the cans (duty times rated power).
        for (int h = 0; h < heaterOutputs.size(); h++) {
            estimator.heatCan(heaterOutputs.get(h).cell() - 1, heaterWatchdogs.get(h).duty() * heaterOutputs.get(h).powerW());
        }
        estimator.update(frame);
        double[] temperatures = cellTemperatures(frame);
        impedance.tick(now, packCurrent(frame), protectionFault(), estimator.socs(), temperatures);
        healing.tick(healingInputs(frame, now));
        CurrentLimits sop = power.update(estimator.socs(), temperatures, estimator.coreTemperatures(), machine.state(), dt);
        limits = new CurrentLimits(sop.chargeA() * healing.chargeDerate(now), sop.dischargeA() * healing.dischargeDerate(now));
        // CAN hook (issue 17): this tick's figures to the inverter
        can.ifPresent(c -> c.tick(now, PackFigures.of(machine.state(), limits, estimator, packV, packCurrent(frame), in,
                supervisor.activeFaults())));
        if (now - lastSaveNanos >= config.saveInterval().toNanos()) {
            save();
            lastSaveNanos = now;
        }
        snapshot = snapshot(frame);
        if (machine.state() == PackState.SHUTDOWN) {
            loop.stop();
        }
        systemd.tick(now);
    }

    private double packCurrent(ReadingFrame frame) {
        int ci = channels.packCurrent();
        return ci >= 0 && frame.quality(ci) == Quality.OK ? frame.value(ci) : Double.NaN;
    }

    /** A fault that derates the pack or opens it: healing and impedance sweeps stop for it. */
    private boolean protectionFault() {
        Severity worst = supervisor.worstSeverity();
        return worst == Severity.DERATE || worst == Severity.OPEN_CONTACTORS;
    }

    private HealingInputs healingInputs(ReadingFrame frame, long now) {
        int n = channels.cells();
        List<CellObservation> cells = new ArrayList<>(n);
        List<TemperaturePair> temperatures = new ArrayList<>(n);
        double current = packCurrent(frame);
        for (int k = 0; k < n; k++) {
            int ta = channels.cellTemperature()[k];
            int tb = channels.cellSecondTemperature()[k];
            int st = channels.cellStrain()[k];
            TemperaturePair pair = new TemperaturePair(ta >= 0 ? frame.value(ta) : Double.NaN,
                    ta >= 0 && frame.quality(ta) == Quality.OK, tb >= 0 ? frame.value(tb) : Double.NaN,
                    tb >= 0 && frame.quality(tb) == Quality.OK);
            temperatures.add(pair);
            cells.add(new CellObservation(k + 1, estimator.soc(k), pair.aOk() ? pair.aDegC() : Double.NaN, current, estimator.capacityAh(k),
                    estimator.resistanceScale(k), estimator.resistanceScaleSigma(k),
                    st >= 0 && frame.quality(st) == Quality.OK ? frame.value(st) : Double.NaN,
                    frame.quality(channels.cellVoltage()[k]) == Quality.OK ? frame.value(channels.cellVoltage()[k]) : Double.NaN,
                    estimator.coreTemperatureDegC(k)));
        }
        List<org.healbms.core.signature.DegradationSignature> other = new ArrayList<>(sensorFaults.update(frame));
        other.addAll(impedance.signatures());
        return new HealingInputs(now, cells, temperatures, protectionFault(), other);
    }

    private TelemetrySnapshot snapshot(ReadingFrame frame) {
        List<TelemetrySnapshot.Cell> cells = new ArrayList<>();
        for (int k = 0; k < channels.cells(); k++) {
            int vi = channels.cellVoltage()[k];
            int ti = channels.cellTemperature()[k];
            cells.add(new TelemetrySnapshot.Cell(k + 1, frame.quality(vi) == Quality.OK ? frame.value(vi) : Double.NaN,
                    ti >= 0 && frame.quality(ti) == Quality.OK ? frame.value(ti) : Double.NaN, estimator.soc(k),
                    estimator.socSigma(k), estimator.resistanceScale(k), healing.budgetRemaining(k + 1),
                    healing.heating(k + 1), estimator.coreTemperatureDegC(k), estimator.coreTemperatureSigmaK(k)));
        }
        List<TelemetrySnapshot.Signature> sigs = new ArrayList<>();
        for (var s : healing.signatures()) {
            sigs.add(new TelemetrySnapshot.Signature(s.kind().ruleName(), s.cell(), s.severity(), s.confidence(), s.evidence()));
        }
        List<TelemetrySnapshot.Reading> readings = new ArrayList<>();
        for (int i = 0; i < frame.layout().size(); i++) {
            var ch = frame.layout().get(i);
            readings.add(new TelemetrySnapshot.Reading(ch.name(), ch.kind().unit(), frame.value(i),
                    frame.quality(i).name().toLowerCase()));
        }
        List<TelemetrySnapshot.Impedance> impedances = new ArrayList<>();
        for (int cell : impedance.cells()) {
            var h = impedance.history(cell);
            impedances.add(new TelemetrySnapshot.Impedance(cell, h.baselines(), h.recent(), h.recorded(),
                    impedance.sweeping(cell)));
        }
        CurrentLimits l = limits;
        return new TelemetrySnapshot(frame.tick(), System.currentTimeMillis(), machine.state().name().toLowerCase(),
                l.chargeA(), l.dischargeA(), supervisor.activeFaults().keySet().stream().map(f -> f.name().toLowerCase()).toList(),
                cells, sigs, readings, healing.efficacy().tallies().stream().map(t -> new TelemetrySnapshot.RuleTally(
                        t.ruleId(), t.improved(), t.unchanged(), t.worse(), t.aborts())).toList(), impedances);
    }

    @Override
    public TelemetrySnapshot snapshot() {
        return snapshot;
    }

    @Override
    public List<org.healbms.firmware.persist.AuditLog.Entry> audit(int from, int count) {
        return audit.page(from, count);
    }

    @Override
    public int auditSize() {
        return audit.size();
    }

    @Override
    public List<String> rules() {
        RuleSet set = healing.engine().rules();
        List<String> out = new ArrayList<>();
        out.add(set.name());
        set.rules().forEach(r -> out.add(r.id() + " " + r.action().type() + (r.advisory() ? " (advisory)" : "")));
        return out;
    }

    @Override
    public List<String> replaceRules(String yaml, org.healbms.firmware.telemetry.Requester by) {
        RuleSet next;
        try {
            next = org.healbms.io.rules.RulesFile.parse("PUT rules", yaml);
        } catch (org.healbms.io.config.ConfigException e) {
            return e.problems();
        } catch (IOException e) {
            return List.of(e.getMessage());
        }
        RuleSet old = healing.engine().replace(next);
        auditQuietly("rules replaced by " + by + ": " + old.name() + " (" + old.rules().size() + " rules) -> " + next.name() + " ("
                + next.rules().size() + " rules)");
        return List.of();
    }

    @Override
    public String healingMode() {
        return healing.mode().name().toLowerCase();
    }

    @Override
    public List<String> setHealingMode(String mode, org.healbms.firmware.telemetry.Requester by) {
        HealingController.Mode m;
        try {
            m = HealingController.Mode.valueOf(mode.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            return List.of("'" + mode.trim() + "' is not a healing mode (auto, advisory, off)");
        }
        healing.setMode(m);
        auditQuietly("healing mode set to " + m.name().toLowerCase() + " by " + by);
        return List.of();
    }

    @Override
    public List<String> acknowledgeFault(String fault, org.healbms.firmware.telemetry.Requester by) {
        FaultId id;
        try {
            id = FaultId.valueOf(fault.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            return List.of("'" + fault.trim() + "' is not a fault id");
        }
        supervisor.acknowledge(id);
        if (id == FaultId.STATE_LOST) {
            // Its condition is that nobody has acknowledged the loss: now somebody has.
            stateLossUnacknowledged = false;
        }
        auditQuietly("fault " + id + " acknowledged by " + by);
        return List.of();
    }

    @Override
    public SweepAnswer requestImpedanceSweep(int cell, org.healbms.firmware.telemetry.Requester by) {
        return impedance.request(cell, "requested by " + by, System.nanoTime());
    }

    @Override
    public void refused(String what) {
        auditQuietly("refused over CoAP: " + what);
    }

    private void auditQuietly(String text) {
        try {
            audit.append(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("audit log: " + e.getMessage(), e);
        }
    }

    public HealingController healing() {
        return healing;
    }

    private void logTransitions() throws IOException {
        List<StateTransition> transitions = machine.transitions();
        for (int i = transitionsLogged; i < transitions.size(); i++) {
            StateTransition t = transitions.get(i);
            audit.append("state " + t.from() + " -> " + t.to() + ": " + t.reason());
        }
        transitionsLogged = transitions.size();
    }

    private double packVoltage(ReadingFrame frame) {
        double sum = 0;
        for (int vi : channels.cellVoltage()) {
            if (frame.quality(vi) != Quality.OK) {
                return Double.NaN;
            }
            sum += frame.value(vi);
        }
        return sum;
    }

    private double[] cellTemperatures(ReadingFrame frame) {
        double[] t = new double[channels.cells()];
        double sum = 0;
        int n = 0;
        for (int k = 0; k < t.length; k++) {
            int ti = channels.cellTemperature()[k];
            t[k] = ti >= 0 && frame.quality(ti) == Quality.OK ? frame.value(ti) : Double.NaN;
            if (Double.isFinite(t[k])) {
                sum += t[k];
                n++;
            }
        }
        // A cell without its own sensor takes the mean of the others; with none at all, nothing is allowed.
        for (int k = 0; k < t.length; k++) {
            if (channels.cellTemperature()[k] < 0 && n > 0) {
                t[k] = sum / n;
            }
        }
        return t;
    }

    private void save() throws IOException {
        List<org.healbms.core.estimation.FilterState> cells = new ArrayList<>();
        for (int k = 0; k < estimator.cells(); k++) {
            cells.add(estimator.state(k));
        }
        store.save(new PersistedState(System.currentTimeMillis(), cells, faultsRaised, transitionsLogged,
                healing.dosesUsed(), stateLossUnacknowledged).toJson());
    }

    /** Runs until {@code duration} has passed (null: until shutdown is requested). */
    public LoopStatistics run(Duration duration) throws IOException {
        LoopStatistics stats = loop.runRealTime(duration == null ? Duration.ofDays(36_500) : duration);
        if (machine.state() != PackState.SHUTDOWN) {
            // Time is up without a shutdown request: stop the same way, through the state machine.
            shutdownRequested = true;
            machine.step(new PackInputs(System.nanoTime(), PackCommand.SHUTDOWN, supervisor.worstSeverity(), 0, 0));
            logTransitions();
        }
        healing.stopAll("the firmware is stopping");
        try {
            impedance.stop("the firmware is stopping");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (HeaterWatchdog w : heaterWatchdogs) {
            w.close();
        }
        systemd.stopping();
        save();
        audit.append("stopped: state saved, contactors open; " + stats.ticks() + " ticks, " + stats.deadlineMisses()
                + " deadline misses");
        return stats;
    }

    /** Asks for a graceful stop (SIGTERM): the next tick opens the contactors, then state is saved. */
    public void requestShutdown() {
        shutdownRequested = true;
    }

    public PackState state() {
        return machine.state();
    }

    public Map<FaultId, Severity> activeFaults() {
        return supervisor.activeFaults();
    }

    public CurrentLimits limits() {
        return limits;
    }

    public PackEstimator estimator() {
        return estimator;
    }

    public List<StateTransition> transitions() {
        return machine.transitions();
    }

    @Override
    public void close() throws Exception {
        try {
            impedance.close(); // the sweep thread talks to the bus: it stops first
            can.ifPresent(CanReporter::close); // CAN hook
            boardPlatform.close();
        } finally {
            audit.close();
        }
    }
}
