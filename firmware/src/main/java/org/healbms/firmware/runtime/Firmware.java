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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.RestCurrent;
import org.healbms.core.estimation.HealthLearning;
import org.healbms.core.pack.ContactorFeedbackCheck;
import org.healbms.core.pack.Contactors;
import org.healbms.core.pack.CurrentLimits;
import org.healbms.core.pack.PackEstimator;
import org.healbms.core.pack.PackState;
import org.healbms.core.pack.PackStateMachine;
import org.healbms.core.pack.StateOfPower;
import org.healbms.core.pack.StateTransition;
import org.healbms.core.protection.DiagnosisTable;
import org.healbms.core.protection.FaultId;
import org.healbms.core.protection.SafetySupervisor;
import org.healbms.core.protection.Severity;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.FrameChannels;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.core.signature.PackSignatures;
import org.healbms.drivers.acquisition.AcquisitionLoop;
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
import org.healbms.firmware.eis.ImpedanceHistoryStore;
import org.healbms.firmware.eis.ImpedanceTracker;
import org.healbms.firmware.eis.SweepAnswer;
import org.healbms.firmware.eis.SweepWorker;
import org.healbms.firmware.passport.Passport;
import org.healbms.firmware.passport.SohDiary;
import org.healbms.firmware.persist.AuditLog;
import org.healbms.firmware.telemetry.FirmwareControl;
import org.healbms.firmware.telemetry.Requester;
import org.healbms.firmware.telemetry.TelemetryFrame;
import org.healbms.firmware.telemetry.TelemetrySnapshot;
import org.healbms.healing.HealingController;
import org.healbms.healing.rules.RuleEngine;
import org.healbms.healing.rules.RuleSet;
import org.healbms.healing.thermal.Heater;
import org.healbms.healing.thermal.HeaterWatchdog;
import org.healbms.healing.thermal.HeatingLimits;
import org.healbms.io.firmware.FirmwareConfig;

/**
 * The firmware, assembled: the board's platform and devices, the acquisition loop, and the
 * {@link ControlTick} it drives once per reading frame (acquisition → protection → pack state machine →
 * estimation → state of power → signatures, rules and healing), with the {@link TelemetryPublisher}
 * for CoAP, the {@link FirmwareCommands} queued for the tick, and the state saved across restarts.
 * The loop's deadline accounting is the control loop's.
 *
 * <p>Two ways to run it, as the acquisition loop has: {@link #run} on the wall clock (a board,
 * {@code healbms run}), or {@link #step} one tick at a time on a caller's {@link VirtualClock}
 * ({@link VirtualRun}: tests and simulated lifetimes, deterministic and without sleeping).
 */
public final class Firmware implements FirmwareControl, AutoCloseable {

    /**
     * Impedance sweeps: 1 Hz to 5 kHz, 24 log-spaced points, about 39 s on the AD5941. Above 1 kHz
     * so the SEI arc (near 1.7 kHz on an 18650) is seen whole and not taken into R_ohmic.
     */
    static final SweepPlan EIS_PLAN = SweepPlan.logSpaced(1, 5000, 24);
    /** A heater not refreshed by the control loop for this long is switched off by its watchdog. */
    static final Duration HEATER_WATCHDOG = Duration.ofSeconds(2);

    private final PrintWriter log;
    private final FirmwareClocks clocks;
    /** Monotonic time at construction: a simulated plant's time 0. */
    private final long startNanos;
    /** The board's platform, found at run time (Pi4J on a Pi, emulators on a desktop): see BoardPlatform.open. */
    private final BoardPlatform boardPlatform;

    private final AcquisitionLoop loop;
    private final AuditLog audit;
    private final PackEstimator estimator;
    private final HealingController healing;
    private final ImpedanceTracker impedance;
    private final TelemetryPublisher publisher;
    private final FirmwareCommands commands;
    /** CAN hook (issue 17): the inverter's CAN link, when the board has one. */
    private final Optional<CanReporter> can;

    private final ControlTick tick;
    /** The tick as the loop runs it: one that keeps failing stops the loop, and the stop then fails safe. */
    private final TickGuard tickGuard;

    private final RuntimeDiagnoses runtimeDiagnoses;
    private final BoardIo io;

    /** The firmware on the system's clocks, as on a board. */
    public Firmware(
            FirmwareConfig config,
            BoardDescription board,
            CellParameters cellFile,
            Path plantTrace,
            RuleSet rules,
            PrintWriter log)
            throws IOException {
        this(config, board, cellFile, plantTrace, rules, log, FirmwareClocks.SYSTEM);
    }

    /** The firmware on the given clocks: a {@link VirtualClock}'s for a deterministic run. */
    public Firmware(
            FirmwareConfig config,
            BoardDescription board,
            CellParameters cellFile,
            Path plantTrace,
            RuleSet rules,
            PrintWriter log,
            FirmwareClocks clocks)
            throws IOException {
        this(
                config,
                board,
                cellFile,
                BoardPlatform.open(board, new PlatformSettings(plantTrace, true, clocks.devices())),
                rules,
                log,
                clocks);
    }

    /**
     * The firmware on a platform the caller has opened (a simulation that keeps the plant's truth to
     * score the run against), on the given clocks. The firmware closes it.
     */
    public Firmware(
            FirmwareConfig config,
            BoardDescription board,
            CellParameters cellFile,
            BoardPlatform platform,
            RuleSet rules,
            PrintWriter log,
            FirmwareClocks clocks)
            throws IOException {
        // Health is learned on the controller: the resistance and capacity the healing rules act on.
        CellParameters cell = HealthLearning.enable(cellFile);
        this.log = log;
        this.clocks = clocks;
        this.startNanos = clocks.nanoTime();
        this.audit = new AuditLog(config.state().directory().resolve("audit.log"));
        audit.warnings().forEach(w -> log.println("healbms run: warning: " + w));
        this.boardPlatform = platform;
        BusPlatform buses = boardPlatform.buses();
        this.loop = new AcquisitionLoop(
                BoardDevices.open(board, buses, clocks.devices()), board.tickPeriod(), clocks.monotonic());
        FrameChannels channels = FrameChannels.of(loop.layout(), board.cells());
        this.io = new BoardIo(
                boardPlatform,
                boardPlatform.contactors().orElse(null),
                channels,
                linkChannel(config, loop),
                List.copyOf(board.heaters()),
                heaterWatchdogs(board, buses));
        this.estimator = estimator(config, cell, channels, board);
        SafetySupervisor supervisor = new SafetySupervisor(DiagnosisTable.standard(config.limits()));
        // Every contactor command is told to the feedback check (CONTACTOR_WELDED, CONTACTOR_STUCK_OPEN).
        ContactorFeedbackCheck contactorCheck = new ContactorFeedbackCheck(ContactorFeedbackCheck.SETTLE);
        PackStateMachine machine = new PackStateMachine(
                new CommandedContactors(
                        contactors(config, io.modelledContactors(), buses), contactorCheck, clocks.monotonic()),
                startNanos);
        Map<Integer, Heater> heaters = new HashMap<>();
        for (int h = 0; h < io.heaterOutputs().size(); h++) {
            heaters.put(io.heaterOutputs().get(h).cell(), io.heaterWatchdogs().get(h));
        }
        Consumer<String> auditText = text -> ControlTick.auditQuietly(audit, text);
        // The signature detectors with their windows: the same set the fleet's twin runs per pack.
        PackSignatures signatures = new PackSignatures(cell);
        this.healing = new HealingController(
                new RuleEngine(rules),
                signatures.detectors(),
                cell.capacityAh(),
                // A dose stays below the temperature at which protection opens the pack.
                HeatingLimits.typical().cappedAt(config.limits().maxDischargeTemperatureDegC()),
                heaters::get,
                config.healing().budgetDoses(),
                auditText);
        this.impedance = new ImpedanceTracker(
                new SweepWorker(
                        frontEnds(board, buses, boardPlatform.sweepClock()),
                        EIS_PLAN,
                        clocks.monotonic(),
                        clocks.wall()),
                config.impedanceSweeps(),
                RestCurrent.of(cell.capacityAh()),
                new ImpedanceHistoryStore(config.state().directory(), clocks.wall()),
                auditText,
                w -> log.println("healbms run: warning: " + w),
                startNanos);
        // A thermal activation on a cell with an impedance front end is judged again by its next
        // sweep at rest: R_ct is what a binder that restores contact should lower.
        healing.onActivationDone((ruleId, c) -> impedance.judgeHealing(c, ruleId));
        List<String> diaryWarnings = new ArrayList<>();
        SohDiary diary = SohDiary.open(config.state().directory(), channels.cells(), diaryWarnings);
        for (String w : diaryWarnings) {
            log.println("healbms run: warning: " + w);
            audit.append(w);
        }
        LifeRecorder life = new LifeRecorder(config, cell, channels, RestCurrent.of(cell.capacityAh()), diary, clocks);
        healing.onAction(life);
        impedance.onVerdict((ruleId, c, outcome) -> {
            healing.efficacy().record(ruleId + "/eis", outcome);
            life.judgedBySweep(c, ruleId, outcome.name().toLowerCase());
        });
        StatePersistence persistence = new StatePersistence(config, audit, log, clocks);
        StatePersistence.Restored restored = persistence.restore(estimator, healing, life);
        this.publisher = new TelemetryPublisher(io, estimator, healing, impedance, clocks);
        CommandQueue queue = new CommandQueue(CommandQueue.CAPACITY);
        this.commands = new FirmwareCommands(queue);
        SystemdNotifier systemd = new SystemdNotifier(System.getenv());
        // A failed tick (the guard below sets it) is LISTENER_FAILED on the next.
        AtomicBoolean tickFailed = new AtomicBoolean();
        StateSaves saves = new StateSaves(log);
        this.runtimeDiagnoses = new RuntimeDiagnoses(
                loop,
                board.tickPeriod(),
                audit,
                saves,
                new ContactorFeedbackInputs(board.contactorFeedback(), buses),
                contactorCheck,
                () -> tickFailed.getAndSet(false),
                log);
        this.can = CanReporter.open(
                board,
                buses,
                config.limits(),
                cell.capacityAh(), // CAN hook (issue 17)
                w -> log.println("healbms run: warning: " + w),
                startNanos);
        this.tick = new ControlTick(
                config,
                io,
                new ControlTick.Protection(supervisor, machine),
                new ControlTick.Estimation(estimator, new StateOfPower(config.limits(), cell)),
                new ControlTick.HealingSide(healing, impedance, signatures.sensorFaults()),
                new ControlTick.Outputs(persistence, publisher, queue, audit, loop, systemd, life, can),
                new ControlTick.RuntimeFaults(saves, runtimeDiagnoses),
                restored,
                startNanos);
        // The loop runs the tick behind the guard, which stops the loop after repeated failures.
        this.tickGuard = new TickGuard(tick, tickFailed, log, loop::stop);
        loop.addListener(tickGuard);
        systemd.ready();
        audit.append("started: board " + board.name() + ", " + board.cells() + " cells, platform " + board.platform());
    }

    private PackEstimator estimator(
            FirmwareConfig config, CellParameters cell, FrameChannels channels, BoardDescription board) {
        var strain = config.strainCalibration();
        var thermal = config.thermalModel();
        if (strain != null) {
            strain.requireCellsUpTo(channels.cells());
        }
        if (thermal != null) {
            thermal.requireCellsUpTo(channels.cells());
        }
        if (strain != null && Arrays.stream(channels.cellStrain()).allMatch(i -> i < 0)) {
            log.println("healbms run: warning: strain_calibration is set but no channel on board " + board.name()
                    + " measures a cell's strain; the estimate runs without strain");
        }
        return new PackEstimator(
                channels,
                cell,
                strain == null ? k -> null : strain::forCell,
                thermal == null ? k -> null : thermal::forCell,
                config.startup().socGuess());
    }

    /** The platform's modelled contactors (a simulation), or the board's coils on GPIO. */
    private static Contactors contactors(FirmwareConfig config, ModelledContactors modelled, BusPlatform buses)
            throws IOException {
        return modelled != null
                ? modelled
                : new GpioContactors(
                        buses.gpioOutput(config.contactors().negativeGpio()),
                        buses.gpioOutput(config.contactors().prechargeGpio()),
                        buses.gpioOutput(config.contactors().positiveGpio()));
    }

    /** Each of the board's heaters behind a watchdog, in the board's order. */
    private List<HeaterWatchdog> heaterWatchdogs(BoardDescription board, BusPlatform buses) throws IOException {
        List<HeaterWatchdog> watchdogs = new ArrayList<>();
        for (BoardDescription.HeaterOutput h : board.heaters()) {
            PwmLine pwm = buses.pwmOutput(h.pwmChannel(), h.frequencyHz());
            watchdogs.add(new HeaterWatchdog(
                    duty -> {
                        try {
                            pwm.setDuty(duty);
                        } catch (BusException e) {
                            // A heater that cannot be driven is reported; its watchdog and the interlocks keep it safe.
                            log.println("healbms run: warning: " + e.getMessage());
                        }
                    },
                    HEATER_WATCHDOG));
        }
        return watchdogs;
    }

    /** Each cell's impedance front end, opened (and initialised) on the sweep thread when first swept. */
    private static Map<Integer, SweepWorker.FrontEnd> frontEnds(
            BoardDescription board, BusPlatform buses, SweepClock clock) {
        Map<Integer, SweepWorker.FrontEnd> out = new HashMap<>();
        for (var d : board.devices()) {
            if (d instanceof DeviceDescription.EisFrontEnd e && e.cell() >= 1 && e.cell() <= board.cells()) {
                out.put(e.cell(), () -> BoardDevices.openImpedance(board, e.id(), buses, clock));
            }
        }
        return out;
    }

    private static int linkChannel(FirmwareConfig config, AcquisitionLoop loop) {
        if (config.contactors().linkVoltageChannel() == null) {
            return -1;
        }
        for (int i = 0; i < loop.layout().size(); i++) {
            if (loop.layout().get(i).name().equals(config.contactors().linkVoltageChannel())) {
                return i;
            }
        }
        throw new IllegalArgumentException("link_voltage_channel '"
                + config.contactors().linkVoltageChannel() + "' is not a channel of the board");
    }

    /** Runs on the wall clock until {@code duration} has passed (null: until shutdown is requested), then stops. */
    public LoopStatistics run(Duration duration) throws IOException {
        try {
            loop.runRealTime(duration == null ? Duration.ofDays(36_500) : duration);
        } finally {
            // However the loop ended (time up, shutdown, the tick guard's fail-safe, an exception), the
            // contactors open through the state machine and the state is saved.
            tick.stop(loop.statistics(), clocks.nanoTime(), tickGuard.failSafeReason());
        }
        return loop.statistics();
    }

    /** Why the firmware stopped itself (a control tick that kept failing), or null. */
    public String failSafeReason() {
        return tickGuard.failSafeReason();
    }

    /** The platform's modelled contactors (a simulation; empty on hardware): benches inject contactor failures here. */
    public Optional<ModelledContactors> modelledContactors() {
        return Optional.ofNullable(io.modelledContactors());
    }

    /**
     * One control tick at the clocks' present time, on the calling thread: a simulated plant is moved to
     * it, the devices due are sampled and the frame goes through the tick. For a caller that moves a
     * {@link VirtualClock} between ticks.
     *
     * <p>The plant moves before the chips convert, as real cells are where they are when a chip measures
     * them: moved only in the tick (after the sampling), every frame held the plant of the tick before,
     * and the first frame after a leap over a rest the cells of before the rest (a 9 h rest read 3.565 V
     * where the rested cell was at 3.619 V). The tick's own move to the same time then finds nothing to do.
     */
    public ReadingFrame step() throws IOException {
        boardPlatform.advanceTo((clocks.nanoTime() - startNanos) / 1e9);
        return loop.stepTo();
    }

    /** The channels of the frames this firmware's acquisition assembles, in frame order. */
    public List<Channel> layout() {
        return loop.layout();
    }

    /**
     * One control tick on a frame the caller assembled in this firmware's {@link #layout}, on the calling
     * thread, with no device sampled: for a harness that measures the tick on its own (the JMH tick
     * benchmark). A failure is thrown to the caller, not counted by the loop's tick guard.
     */
    public void tick(ReadingFrame frame) throws IOException {
        tick.onFrame(frame);
    }

    /**
     * Stops a firmware that was {@linkplain #step stepped}, as {@link #run} does when its time is up:
     * the pack to SHUTDOWN through the state machine, healing stopped, the state saved.
     */
    public LoopStatistics stop() throws IOException {
        LoopStatistics stats = loop.statistics();
        tick.stop(stats, clocks.nanoTime(), tickGuard.failSafeReason());
        return stats;
    }

    /** Asks for a graceful stop (SIGTERM): the next tick opens the contactors, then state is saved. */
    public void requestShutdown() {
        tick.requestShutdown();
    }

    @Override
    public TelemetrySnapshot snapshot() {
        return publisher.snapshot();
    }

    @Override
    public TelemetryFrame frame() {
        return publisher.frame();
    }

    @Override
    public Passport passport() {
        return publisher.passport();
    }

    @Override
    public List<AuditLog.Entry> audit(int from, int count) {
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
    public CompletableFuture<List<String>> replaceRules(String yaml, Requester by) {
        return commands.replaceRules(yaml, by);
    }

    @Override
    public String healingMode() {
        return healing.mode().name().toLowerCase();
    }

    @Override
    public CompletableFuture<List<String>> setHealingMode(String mode, Requester by) {
        return commands.setHealingMode(mode, by);
    }

    @Override
    public CompletableFuture<List<String>> acknowledgeFault(String fault, Requester by) {
        return commands.acknowledgeFault(fault, by);
    }

    @Override
    public CompletableFuture<SweepAnswer> requestImpedanceSweep(int cell, Requester by) {
        return commands.requestImpedanceSweep(cell, by);
    }

    @Override
    public void telemetryFailed(RuntimeException e) {
        runtimeDiagnoses.telemetryFailed(e); // TELEMETRY_FAILED
    }

    @Override
    public void refused(String what) {
        ControlTick.auditQuietly(audit, "refused over CoAP: " + what);
    }

    public HealingController healing() {
        return healing;
    }

    /** The pack state as of the last tick. */
    public PackState state() {
        return publisher.status().state();
    }

    /** The active faults as of the last tick, in the diagnosis table's order. */
    public Map<FaultId, Severity> activeFaults() {
        return publisher.status().activeFaults();
    }

    /** The current limits (state of power, derated by healing) as of the last tick. */
    public CurrentLimits limits() {
        return publisher.limits();
    }

    public PackEstimator estimator() {
        return estimator;
    }

    public List<StateTransition> transitions() {
        return publisher.status().transitions();
    }

    @Override
    public void close() throws Exception {
        try {
            impedance.close(); // the sweep thread talks to the bus: it stops first
            can.ifPresent(CanReporter::close); // CAN hook
            boardPlatform.close();
        } finally {
            try {
                audit.close();
            } catch (IOException e) {
                // A card that took no writes to the end: the records it lost are said where they can be.
                log.println("healbms run: warning: " + e.getMessage());
                log.flush();
            }
        }
    }
}
