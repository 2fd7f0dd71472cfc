package org.healbms.cli.lifetime;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleConsumer;
import org.healbms.core.thermal.TwoNodeThermalModel;
import org.healbms.firmware.runtime.FirmwareSetup;
import org.healbms.firmware.runtime.VirtualClock;
import org.healbms.firmware.runtime.VirtualRun;
import org.healbms.firmware.telemetry.TelemetrySnapshot;
import org.healbms.healing.ActionRecord;
import org.healbms.healing.HealingController;
import org.healbms.sim.board.AgeingBoardPlatform;
import org.healbms.sim.plant.AgeingPack;
import org.healbms.sim.plant.AgeingPackPlant;
import org.healbms.sim.plant.AmbientProfile;
import org.healbms.sim.plant.DailyUsage;
import org.healbms.sim.plant.MeasurementNoise;
import org.healbms.sim.plant.PackTruth;

/**
 * One life: the firmware (bench files from {@link LifetimeBench}) on an {@link AgeingBoardPlatform}
 * over the ageing plant, driven by a daily usage, scored against the plant's truth.
 */
public final class Lifetime {

    /** An 18650 in a pack: 40 J/K core, 6.5 J/K can, 2 K/W between, 15 K/W to the air. */
    static final TwoNodeThermalModel IN_PACK = new TwoNodeThermalModel(40, 6.5, 2.0, 15.0);

    static final double START_SOC = 0.9;
    static final double DRIVE_S = 2400.0;
    static final double DRIVE_AT_S = 8 * 3600.0;
    static final double CHARGE_AT_S = 18 * 3600.0;
    static final double CHARGE_WINDOW_S = 6 * 3600.0;

    /** The firmware's healing mode for the whole life. */
    public enum Mode {
        AUTO,
        ADVISORY,
        OFF;

        public static Mode parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "advisory" -> ADVISORY;
                case "off" -> OFF;
                default -> throw new IllegalArgumentException("--healing must be auto, advisory or off, got " + s);
            };
        }
    }

    /** What the life did and how the firmware did. */
    public record Result(
            double simulatedS,
            double wallS,
            double cpuS,
            double tickPeriodS,
            long ticks,
            long leaps,
            double capacityRetention,
            double resistanceGrowth,
            int healingActions,
            int improved,
            int unchanged,
            int worse,
            int aborts,
            double heatingEnergyWh,
            long unsafeTicks,
            long plantSteps,
            long unsafeSteps,
            Extremes extremes,
            Errors errors,
            DoseTruth.Tally doses,
            String packState,
            List<FaultHistory.Episode> activeFaults,
            int faultsRaised,
            LifeSeries series,
            PackTruth first,
            PackTruth end) {}

    /** The highest and lowest true terminal voltage and the hottest core of any cell in any tick. */
    public record Extremes(double maxCellVoltageV, double minCellVoltageV, double maxCoreDegC) {}

    /**
     * The estimator against the plant's truth over the life: SoC (every tick, every cell; the largest
     * error and when it was seen), the resistance scale (every tick) and the capacity (hourly), as
     * fractions of the cell file's figures.
     */
    public record Errors(
            double socRmse,
            double socMax,
            double socMaxAtS,
            int socMaxCell,
            double sohResistanceRmse,
            double sohResistanceMax,
            double sohCapacityRmse,
            double sohCapacityMax,
            double resistanceHealthRmse,
            double resistanceHealthMax) {}

    private Lifetime() {}

    /**
     * @param config a firmware configuration for the run (its rules, cell, budget, ...), or null for the
     *               bench's; the board is always the bench's, as the plant is wired to it
     * @param tickMs the bench board's control period, ms ({@link LifetimeBench#TICK_MS} unless asked otherwise)
     * @param startDamage each cell's healable contact damage at the start (fraction of particles), or
     *                    null for a new pack
     */
    public static Result run(
            Path dir,
            Path config,
            int cells,
            long seed,
            Mode mode,
            double seconds,
            int tickMs,
            Instant start,
            double[] startDamage,
            PrintWriter log)
            throws Exception {
        long wallStart = System.nanoTime();
        // The run's own processor time: on a machine shared with other work the wall time measures the
        // others too.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        FirmwareSetup setup = LifetimeBench.write(dir, config, cells, START_SOC, tickMs);
        double[][] drive = LifetimeBench.driveProfile(dir, DRIVE_S);
        double capacity = setup.cell().capacityAh();
        DailyUsage usage =
                new DailyUsage(DRIVE_AT_S, drive[0], drive[1], 1, CHARGE_AT_S, 0.5 * capacity, CHARGE_WINDOW_S);
        AgeingPack pack = AgeingPack.of(
                setup.cell(),
                IN_PACK,
                cells,
                seed,
                START_SOC,
                AmbientProfile.daily(20, 5, 5),
                startDamage != null ? startDamage : new double[cells]);
        double tickS = setup.board().tickPeriod().toNanos() / 1e9;
        // The plant steps from one change of what drives it to the next, and at least once a tick: the
        // usage's own changes (the drive's 0.1 s samples) and the firmware's (its limits, the heaters'
        // duty, the contactors) are step boundaries, and between them the current is constant. Over such
        // a step the RC pairs step exactly, and a cell's voltage peaks on a charge, and bottoms out on a
        // discharge, at one of the step's ends (the OCV moves one way, each RC pair exponentially toward
        // its end value; LifetimeScoreTest): the score, which checks every step, sees the extremes.
        AgeingPackPlant plant =
                new AgeingPackPlant(pack, usage, new MeasurementNoise(MeasurementNoise.TYPICAL, cells, seed), tickS);
        PackTruth first = PackTruth.of(pack);
        LifetimeScore score = new LifetimeScore(setup.cell());
        pack.afterEachStep(score::step);
        FaultHistory faults = new FaultHistory();
        LifeSeries series = new LifeSeries(cells, capacity);
        DoseTruth doses = new DoseTruth(pack);
        // One virtual clock for the firmware, its drivers' conversion waits and the emulated chips.
        VirtualClock clock = new VirtualClock(start);
        AgeingBoardPlatform platform = AgeingBoardPlatform.open(setup.board(), plant, false, clock);
        try (VirtualRun run = new VirtualRun(setup, platform, clock, log)) {
            HealingController healing = run.firmware().healing();
            healing.setMode(HealingController.Mode.valueOf(mode.name()));
            healing.onAction(ActionRecord.both(healing.actionRecord(), doses));
            boolean[] heating = new boolean[cells];
            DoubleConsumer stepped = nowS -> {
                faults.observe(nowS, run.firmware().activeFaults());
                TelemetrySnapshot s = run.firmware().snapshot();
                if (s != null) {
                    for (TelemetrySnapshot.Cell c : s.cells()) {
                        if (c.cell() >= 1 && c.cell() <= cells) {
                            heating[c.cell() - 1] = c.heating();
                        }
                    }
                }
                series.observe(nowS, pack, run.firmware().estimator(), heating);
            };
            LifetimeRun.Counts counts = LifetimeRun.run(run, plant, score, stepped, seconds, tickS);
            TelemetrySnapshot last = run.firmware().snapshot();
            int improved = 0;
            int unchanged = 0;
            int worse = 0;
            int aborts = 0;
            for (TelemetrySnapshot.RuleTally t : last.ruleEfficacy()) {
                improved += t.improved();
                unchanged += t.unchanged();
                worse += t.worse();
                aborts += t.aborts();
            }
            PackTruth end = PackTruth.of(pack);
            String state = run.firmware().state().name().toLowerCase(Locale.ROOT);
            run.stop();
            return new Result(
                    LifetimeRun.seconds(run.elapsed()),
                    (System.nanoTime() - wallStart) / 1e9,
                    (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9,
                    tickS,
                    counts.ticks(),
                    counts.leaps(),
                    end.packCapacityAh() / first.packCapacityAh(),
                    end.packResistanceScale() / first.packResistanceScale() - 1,
                    improved + unchanged + worse + aborts,
                    improved,
                    unchanged,
                    worse,
                    aborts,
                    score.heatingEnergyWh(),
                    score.unsafeTicks(),
                    score.steps(),
                    score.unsafeSteps(),
                    score.extremes(),
                    new Errors(
                            score.socRmse(),
                            score.socMax(),
                            score.socMaxAtS(),
                            score.socMaxCell(),
                            score.sohResistanceRmse(),
                            score.sohResistanceMax(),
                            series.sohCapacityRmse(),
                            series.sohCapacityMax(),
                            series.resistanceHealthErrors()[0],
                            series.resistanceHealthErrors()[1]),
                    doses.tally(),
                    state,
                    faults.active(),
                    faults.raised(),
                    series,
                    first,
                    end);
        }
    }
}
