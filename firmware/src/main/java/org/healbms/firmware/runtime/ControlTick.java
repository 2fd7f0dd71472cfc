package org.healbms.firmware.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.healbms.core.estimation.ResistanceHealth;
import org.healbms.core.pack.CurrentLimits;
import org.healbms.core.pack.MeasuredCells;
import org.healbms.core.pack.PackCommand;
import org.healbms.core.pack.PackEstimator;
import org.healbms.core.pack.PackInputs;
import org.healbms.core.pack.PackState;
import org.healbms.core.pack.PackStateMachine;
import org.healbms.core.pack.StateOfPower;
import org.healbms.core.pack.StateTransition;
import org.healbms.core.protection.FaultEvent;
import org.healbms.core.protection.FaultId;
import org.healbms.core.protection.ProtectionInputs;
import org.healbms.core.protection.SafetySupervisor;
import org.healbms.core.protection.Severity;
import org.healbms.core.reading.FrameChannels;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.core.signature.CellObservation;
import org.healbms.core.signature.FoundSignatures;
import org.healbms.core.signature.SensorFaultDetector;
import org.healbms.drivers.acquisition.AcquisitionLoop;
import org.healbms.drivers.acquisition.FrameListener;
import org.healbms.drivers.acquisition.LoopStatistics;
import org.healbms.firmware.can.CanReporter;
import org.healbms.firmware.can.PackFigures;
import org.healbms.firmware.eis.ImpedanceTracker;
import org.healbms.firmware.eis.SweepAnswer;
import org.healbms.firmware.memory.HeapWatch;
import org.healbms.firmware.passport.Passport;
import org.healbms.firmware.persist.AuditLog;
import org.healbms.firmware.telemetry.Requester;
import org.healbms.healing.HealingController;
import org.healbms.healing.HealingInputs;
import org.healbms.healing.rules.RuleSet;
import org.healbms.healing.thermal.HeaterWatchdog;
import org.healbms.io.firmware.FirmwareConfig;

/**
 * One control tick per reading frame, on the acquisition loop's thread: the queued commands first,
 * then protection → pack state machine → estimation → impedance → signatures, rules and healing →
 * state of power (after healing, whose derating it carries), then the save (at the save interval)
 * and the telemetry. Everything here runs on
 * that one thread; the outside reaches it only through the {@link CommandQueue}.
 */
final class ControlTick implements FrameListener {

    private static final long NEVER = Long.MIN_VALUE;

    private final FirmwareConfig config;
    private final BoardIo board;
    private final SafetySupervisor supervisor;
    private final PackStateMachine machine;
    private final PackEstimator estimator;
    private final StateOfPower power;
    private final HealingController healing;
    private final ImpedanceTracker impedance;
    private final SensorFaultDetector sensorFaults;
    private final StatePersistence persistence;
    private final TelemetryPublisher publisher;
    private final CommandQueue commands;
    private final AuditLog audit;
    private final AcquisitionLoop loop;
    private final SystemdNotifier systemd;
    private final LifeRecorder life;
    private final long startNanos;
    private final RuntimeFaults runtimeFaults;

    /** The first command of the next tick (RUN at start when so configured); commands from outside are queued. */
    private PackCommand pending;
    /**
     * The saved state was lost (both slots unreadable) and no operator has acknowledged it yet: the
     * STATE_LOST diagnosis's condition. Saved with the state, so a restart does not forget it.
     */
    private boolean stateLossUnacknowledged;
    /** The tick guard stopped the loop: LISTENER_FAILED is saved with the state, latched. */
    private boolean failSafe;
    /** Set from a signal handler's thread: one flag, read at every tick, that no full queue can refuse. */
    private volatile boolean shutdownRequested;

    private long faultsRaised;
    /**
     * The count of faults raised when an operator acknowledged one while the pack was in FAULT, or -1.
     * The acknowledgement is the person's decision to go on: the pack resets out of FAULT once nothing
     * demands open contactors any more. A fault raised after it voids it: that one needs its own.
     */
    private long resetAfterFaults = -1;
    /** Whether the pack runs as soon as it may (run_on_start): at start, and again after a fault reset. */
    private final boolean runWhenReady;

    private int transitionsLogged;
    /** The machine's transitions as of the last change: copied when one is added, not every tick. */
    private List<StateTransition> transitions = List.of();

    private long lastSaveNanos = NEVER;
    private long lastTickNanos = NEVER;
    /** The current limits the tick found (state of power, derated by healing), A: two numbers, not a record a tick. */
    private double chargeLimitA;

    private double dischargeLimitA;
    /** The thread of the tick in progress, the only one that may carry out a command; null between ticks. */
    private Thread tickThread;
    /** CAN hook (issue 17): the report to the inverter, when the board has a CAN interface. */
    private final Optional<CanReporter> can;

    /** What healing sees of each cell, rewritten in place at every tick (in cell order). */
    private final List<CellObservation> observations;

    private final CellTemperaturePairs temperaturePairs;

    /** Per cell, rewritten at every tick: SoC, surface and core temperature, learned R0 scale, voltage. */
    private final double[] socs;

    private final double[] temperatures;
    private final double[] cores;
    private final double[] scales;
    private final double[] voltages;
    /** The state of power's view of {@link #voltages} and {@link #scales}. */
    private final MeasuredCells measured;

    private final FoundSignatures otherSignatures = new FoundSignatures();
    /** The tick's inputs to protection, the state machine and healing: one each, rewritten at every tick. */
    private final ProtectionInputs protectionInputs = new ProtectionInputs();

    private final PackInputs packInputs = new PackInputs();
    private final HealingInputs healingInputs;

    ControlTick(
            FirmwareConfig config,
            BoardIo board,
            Protection protection,
            Estimation estimation,
            HealingSide healingSide,
            Outputs outputs,
            RuntimeFaults runtimeFaults,
            StatePersistence.Restored restored,
            long startNanos) {
        this.config = config;
        this.runtimeFaults = runtimeFaults;
        this.board = board;
        this.supervisor = protection.supervisor();
        this.machine = protection.machine();
        this.estimator = estimation.estimator();
        this.power = estimation.power();
        this.healing = healingSide.healing();
        this.impedance = healingSide.impedance();
        this.sensorFaults = healingSide.sensorFaults();
        this.persistence = outputs.persistence();
        this.publisher = outputs.publisher();
        this.commands = outputs.commands();
        this.audit = outputs.audit();
        this.loop = outputs.loop();
        this.systemd = outputs.systemd();
        this.life = outputs.life();
        this.can = outputs.can();
        this.faultsRaised = restored.faultsRaised();
        this.stateLossUnacknowledged = restored.stateLossUnacknowledged();
        for (FaultId id : restored.latchedFaults()) {
            // Raised at once, before the first tick can precharge: nobody has acknowledged it yet.
            supervisor
                    .restoreLatched(id, startNanos)
                    .ifPresent(e -> auditQuietly("fault raised " + e.id() + " (" + e.severity() + "): " + e.reason()));
        }
        this.runWhenReady = config.startup().runOnStart();
        this.pending = runWhenReady ? PackCommand.RUN : PackCommand.NONE;
        this.startNanos = startNanos;
        int cells = board.channels().cells();
        List<CellObservation> cellObservations = new ArrayList<>(cells);
        for (int k = 0; k < cells; k++) {
            cellObservations.add(new CellObservation(
                    k + 1,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    ResistanceHealth.UNKNOWN));
        }
        this.observations = List.copyOf(cellObservations);
        this.temperaturePairs = new CellTemperaturePairs(board.channels());
        this.socs = new double[estimator.cells()];
        this.temperatures = new double[cells];
        this.cores = new double[estimator.cells()];
        this.scales = new double[estimator.cells()];
        this.voltages = new double[cells];
        this.measured = new MeasuredCells(voltages, scales);
        this.healingInputs = new HealingInputs(startNanos, observations, temperaturePairs, false, otherSignatures);
    }

    /** The protection side: the diagnosis table's supervisor and the pack state machine it drives. */
    record Protection(SafetySupervisor supervisor, PackStateMachine machine) {}

    /** The estimation side: the cells' filters and the state of power from them. */
    record Estimation(PackEstimator estimator, StateOfPower power) {}

    /** The healing side: rules and actions, impedance sweeps, and the sensor-fault signature. */
    record HealingSide(HealingController healing, ImpedanceTracker impedance, SensorFaultDetector sensorFaults) {}

    /** Where a tick's results go, and the loop it stops at shutdown. */
    record Outputs(
            StatePersistence persistence,
            TelemetryPublisher publisher,
            CommandQueue commands,
            AuditLog audit,
            AcquisitionLoop loop,
            SystemdNotifier systemd,
            LifeRecorder life,
            Optional<CanReporter> can) {}

    /**
     * Runtime faults as diagnoses (docs/protection.md): saves that a refusing card cannot end, and the
     * watchers whose conditions the diagnosis table debounces like any measured fault.
     */
    record RuntimeFaults(StateSaves saves, RuntimeDiagnoses diagnoses) {}

    @Override
    public void onFrame(ReadingFrame frame) throws IOException {
        tickThread = Thread.currentThread();
        try {
            tick(frame);
        } finally {
            tickThread = null;
        }
    }

    private void tick(ReadingFrame frame) throws IOException {
        long now = frame.monotonicNanos();
        double dt = lastTickNanos == NEVER ? 0 : (now - lastTickNanos) / 1e9;
        lastTickNanos = now;
        commands.drainInto(this);
        // On the wall clock the devices sample on their own threads and a simulated plant moves here, once a
        // tick; a stepped firmware has moved it to this time before sampling (Firmware.step).
        board.platform().advanceTo((now - startNanos) / 1e9);
        protect(frame, now);
        switchPack(frame, now);
        estimate(frame);
        life.tick(frame, dt);
        board.cellTemperatures(frame, temperatures);
        for (int k = 0; k < socs.length; k++) {
            socs[k] = estimator.soc(k);
        }
        impedance.tick(now, board.packCurrent(frame), protectionFault(), socs, temperatures);
        healing.tick(healingInputs(frame, now));
        limit(frame, now, dt);
        report(frame, now);
        if (lastSaveNanos == NEVER
                || now - lastSaveNanos >= config.state().saveInterval().toNanos()) {
            // A refused save is STORAGE_UNWRITABLE, not the end of the tick.
            runtimeFaults.saves().attempt(this::save);
            lastSaveNanos = now;
        }
        publisher.publish(frame, machine.state(), supervisor, chargeLimitA, dischargeLimitA, transitions);
        if (machine.state() == PackState.SHUTDOWN) {
            loop.stop();
        }
        systemd.tick(now);
    }

    /** The pack state machine's step: the pending command (or shutdown), the worst fault, pack and link voltage. */
    private void switchPack(ReadingFrame frame, long now) throws IOException {
        double packV = board.packVoltage(frame);
        double linkV = board.linkVoltage(frame, packV, now);
        PackCommand command = shutdownRequested ? PackCommand.SHUTDOWN : pending;
        pending = PackCommand.NONE;
        PackState before = machine.state();
        if (command == PackCommand.NONE && before == PackState.FAULT && resetAfterFaults == faultsRaised) {
            // The state machine refuses it while a fault still demands open contactors; asked again each tick.
            command = PackCommand.RESET_FAULT;
        }
        if (supervisor.worstSeverity() == Severity.OPEN_CONTACTORS) {
            if (can.isPresent()) {
                can.get().stopInverter(now); // CAN hook: the inverter stops before the contactors open
            }
        }
        boolean contactorsOpen = runtimeFaults.diagnoses().contactorsReadOpen();
        machine.step(packInputs.set(now, command, supervisor.worstSeverity(), packV, linkV, contactorsOpen));
        if (command == PackCommand.RUN && machine.state() == PackState.STANDBY) {
            // Held back by feedback that does not read open (a weld being diagnosed): asked again next tick.
            pending = PackCommand.RUN;
        }
        if (before == PackState.FAULT && machine.state() == PackState.STANDBY) {
            resetAfterFaults = -1;
            pending = runWhenReady ? PackCommand.RUN : PackCommand.NONE;
        }
        logTransitions();
    }

    private void estimate(ReadingFrame frame) {
        // The core filter is told what the heaters put into the cans (duty times rated power).
        for (int h = 0; h < board.heaterOutputs().size(); h++) {
            estimator.heatCan(
                    board.heaterOutputs().get(h).cell() - 1,
                    board.heaterWatchdogs().get(h).duty()
                            * board.heaterOutputs().get(h).powerW());
        }
        estimator.update(frame);
    }

    /**
     * The state of power in this state, derated by what the healing rules ask for now (a derating, a
     * rest), the charge side also held to a pulse protocol's pulses: what the charger and the inverter
     * are told (CAN), so a healing action acts through them. The measured cell voltages taper the
     * limits near the cells' window and the learned resistance scales size the model's drop.
     */
    private void limit(ReadingFrame frame, long now, double dt) {
        for (int k = 0; k < scales.length; k++) {
            scales[k] = estimator.resistanceScale(k);
            cores[k] = estimator.coreTemperatureDegC(k);
        }
        board.cellVoltages(frame, voltages);
        power.step(socs, temperatures, cores, measured, machine.state(), dt);
        chargeLimitA = Math.min(power.chargeA() * healing.chargeDerate(now), healing.chargeCapA(now));
        dischargeLimitA = power.dischargeA() * healing.dischargeDerate(now);
    }

    /** CAN hook (issue 17): the tick's figures to the inverter, once a second or at once when its orders change. */
    private void report(ReadingFrame frame, long now) {
        if (can.isEmpty()) {
            return; // without a lambda made per tick for a board with no CAN interface
        }
        can.get()
                .tick(
                        now,
                        PackFigures.of(
                                machine.state(),
                                new CurrentLimits(chargeLimitA, dischargeLimitA),
                                estimator,
                                board.packVoltage(frame),
                                board.packCurrent(frame),
                                protectionInputs, // this tick's, read by protect
                                supervisor.activeFaults()));
    }

    /** The supervisor's tick: faults raised and cleared go to the audit log; STATE_LOST's release of the budget. */
    private void protect(ReadingFrame frame, long now) throws IOException {
        // The firmware's own health, found here and by its watchers, is a diagnosis like any measured fault.
        Set<FaultId> conditions = runtimeFaults.diagnoses().conditions(now);
        if (HeapWatch.system().critical()) {
            conditions.add(FaultId.LOW_MEMORY);
        }
        if (stateLossUnacknowledged) {
            conditions.add(FaultId.STATE_LOST);
        }
        if (can.isPresent()) {
            conditions.addAll(can.get().conditions()); // CAN hook: INVERTER_LINK
        }
        // The conditions set is the diagnoses' own, unchanged until the next tick: read as it is.
        List<FaultEvent> events = supervisor.update(protectionInputs.read(frame, board.channels(), conditions), now);
        for (int k = 0; k < events.size(); k++) {
            FaultEvent e = events.get(k);
            if (e.raised()) {
                faultsRaised++;
                life.faultRaised(e.id().name());
            }
            audit.append((e.raised() ? "fault raised " : "fault cleared ") + e.id() + " (" + e.severity() + "): "
                    + e.reason());
        }
        if (healing.budgetWithheld() && !stateLossUnacknowledged && !supervisor.active(FaultId.STATE_LOST)) {
            healing.withholdBudget(false);
            audit.append(
                    "healing budget released: " + config.healing().budgetDoses() + " doses per cell, as configured");
        }
    }

    /** A fault that derates the pack or opens it: healing and impedance sweeps stop for it. */
    private boolean protectionFault() {
        Severity worst = supervisor.worstSeverity();
        return worst == Severity.DERATE || worst == Severity.OPEN_CONTACTORS;
    }

    private HealingInputs healingInputs(ReadingFrame frame, long now) {
        FrameChannels channels = board.channels();
        int n = channels.cells();
        double current = board.packCurrent(frame);
        temperaturePairs.of(frame);
        for (int k = 0; k < n; k++) {
            int ta = channels.cellTemperature()[k];
            double temperature = ta >= 0 && frame.quality(ta) == Quality.OK ? frame.value(ta) : Double.NaN;
            CellObservation observation = observations.get(k);
            observation.set(
                    k + 1,
                    estimator.soc(k),
                    temperature,
                    current,
                    estimator.capacityAh(k),
                    estimator.resistanceScale(k),
                    estimator.resistanceScaleSigma(k),
                    BoardIo.ok(frame, channels.cellStrain()[k]),
                    BoardIo.ok(frame, channels.cellVoltage()[k]),
                    estimator.coreTemperatureDegC(k));
            observation.setResistanceHealth(
                    estimator.resistanceHealth(k),
                    estimator.resistanceHealthSigma(k),
                    estimator.recentResistanceHealth(k),
                    estimator.recentResistanceHealthSigma(k));
        }
        otherSignatures.clear();
        otherSignatures.addAll(sensorFaults.update(frame));
        otherSignatures.addAll(impedance.signatures());
        return healingInputs.at(now, protectionFault());
    }

    private void logTransitions() throws IOException {
        if (machine.transitionCount() == transitionsLogged) {
            return;
        }
        transitions = machine.transitions();
        for (int i = transitionsLogged; i < transitions.size(); i++) {
            StateTransition t = transitions.get(i);
            audit.append("state " + t.from() + " -> " + t.to() + ": " + t.reason());
        }
        transitionsLogged = transitions.size();
    }

    private void save() throws IOException {
        Passport passport = life.passport(estimator, impedance);
        Set<FaultId> latched = supervisor.unacknowledgedLatched();
        latched.remove(FaultId.STATE_LOST); // saved as the loss flag, which also withholds the healing budget
        if (failSafe) {
            // Ticks that failed before protection ran may never have raised it: the stop says it did fail.
            latched.add(FaultId.LISTENER_FAILED);
        }
        persistence.save(
                estimator, faultsRaised, transitionsLogged, healing, stateLossUnacknowledged, latched, passport);
        life.saved(passport);
        publisher.publish(passport);
    }

    // The commands' effects, carried out on this thread when the queue is drained.

    /** The supervisor, the healing controller and the tracker are the control thread's alone. */
    private void requireTick() {
        if (Thread.currentThread() != tickThread) {
            throw new IllegalStateException("a command may only be carried out by the control tick, not on "
                    + Thread.currentThread().getName());
        }
    }

    List<String> acknowledge(FaultId id, Requester by) {
        requireTick();
        supervisor.acknowledge(id);
        if (machine.state() == PackState.FAULT) {
            resetAfterFaults = faultsRaised;
        }
        if (id == FaultId.STATE_LOST) {
            // Its condition is that nobody has acknowledged the loss: now somebody has.
            stateLossUnacknowledged = false;
        }
        auditQuietly("fault " + id + " acknowledged by " + by);
        return List.of();
    }

    List<String> setHealingMode(HealingController.Mode mode, Requester by) {
        requireTick();
        healing.setMode(mode);
        auditQuietly("healing mode set to " + mode.name().toLowerCase() + " by " + by);
        return List.of();
    }

    List<String> replaceRules(RuleSet next, Requester by) {
        requireTick();
        RuleSet old = healing.engine().replace(next);
        auditQuietly("rules replaced by " + by + ": " + old.name() + " ("
                + old.rules().size() + " rules) -> " + next.name() + " ("
                + next.rules().size() + " rules)");
        return List.of();
    }

    SweepAnswer requestSweep(int cell, Requester by) {
        requireTick();
        return impedance.request(cell, "requested by " + by, lastTickNanos); // set before the queue is drained
    }

    /** Asks for a graceful stop: the next tick opens the contactors (from any thread). */
    void requestShutdown() {
        shutdownRequested = true;
    }

    /**
     * After the last tick, on the same thread: the pack to SHUTDOWN through the state machine if time
     * ran out first, healing and sweeps stopped, heaters off, the state saved. Commands still queued, and
     * any sent from now on, are refused: no tick will carry them out.
     */
    void stop(LoopStatistics stats, long nowNanos, String failSafeReason) throws IOException {
        commands.close("the firmware is stopping");
        failSafe = failSafeReason != null;
        try {
            if (machine.state() != PackState.SHUTDOWN) {
                // Time is up without a shutdown request: stop the same way, through the state machine.
                shutdownRequested = true;
                machine.step(packInputs.set(
                        nowNanos,
                        PackCommand.SHUTDOWN,
                        supervisor.worstSeverity(),
                        0,
                        0,
                        runtimeFaults.diagnoses().contactorsReadOpen()));
                logTransitions();
            }
        } catch (RuntimeException e) {
            // Coils that cannot be driven: closing the platform drops their lines to the safe (open)
            // level. The state is still saved.
            auditQuietly("error: the contactors could not be switched for the stop: " + e);
        }
        healing.stopAll("the firmware is stopping");
        try {
            impedance.stop("the firmware is stopping");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (HeaterWatchdog w : board.heaterWatchdogs()) {
            w.close();
        }
        systemd.stopping();
        boolean saved = runtimeFaults.saves().attempt(this::save);
        publisher.publish(machine.state(), supervisor, transitions);
        audit.append("stopped: " + (saved ? "state saved" : "state NOT saved") + ", contactors open; " + stats.ticks()
                + " ticks, " + stats.deadlineMisses() + " deadline misses"
                + (failSafeReason == null ? "" : "; " + failSafeReason));
    }

    private void auditQuietly(String text) {
        auditQuietly(audit, text);
    }

    /** For the healing controller and the impedance tracker, which report through a consumer. */
    static void auditQuietly(AuditLog audit, String text) {
        try {
            audit.append(text);
        } catch (IOException e) {
            throw new UncheckedIOException("audit log: " + e.getMessage(), e);
        }
    }
}
