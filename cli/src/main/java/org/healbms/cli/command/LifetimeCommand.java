package org.healbms.cli.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.healbms.cli.lifetime.DoseTruth;
import org.healbms.cli.lifetime.FaultHistory;
import org.healbms.cli.lifetime.Lifetime;
import org.healbms.cli.lifetime.LifetimeBench;
import org.healbms.cli.report.LifetimePlots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code healbms lifetime}: the whole firmware, closed loop on the ageing plant, over simulated days
 * on a virtual clock, leaping through rests; reports what the life did to the pack and how the
 * firmware's estimates compare with the plant's truth.
 */
@Command(
        name = "lifetime",
        mixinStandardHelpOptions = true,
        description = "Run the firmware against the ageing plant over simulated days (virtual clock, rests leapt);"
                + " report capacity retention, resistance growth, healing, safety and estimation errors.")
public final class LifetimeCommand implements Callable<Integer> {

    /** Linux's memory file system (tmpfs): forcing a file there costs no disk wait. */
    static final Path MEMORY_FILE_SYSTEM = Path.of("/dev/shm");

    /** Every life starts on the same date: a run is repeatable. */
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Option(names = "--days", defaultValue = "7", description = "simulated days (default: ${DEFAULT-VALUE})")
    double days;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "seed of the pack's cells and sensors (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--healing",
            defaultValue = "auto",
            description = "auto, advisory or off (default: ${DEFAULT-VALUE})")
    String healing;

    @Option(names = "--cells", defaultValue = "16", description = "series cells (default: ${DEFAULT-VALUE})")
    int cells;

    @Option(
            names = "--profile",
            defaultValue = "commute",
            description = "daily usage (default: ${DEFAULT-VALUE}: the bundled US06 drive for 40 min at 08:00,"
                    + " a C/2 charge from 18:00)")
    String profile;

    @Option(
            names = "--tick-ms",
            defaultValue = "" + LifetimeBench.TICK_MS,
            description = "the bench board's control period, ms (default: ${DEFAULT-VALUE}); between ticks the plant"
                    + " steps at every change of the usage (the drive's 0.1 s samples), and every step is checked"
                    + " against the cells' limits")
    int tickMs;

    @Option(names = "--json", description = "print one JSON object as the last line")
    boolean json;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = "write PNG plots to DIR (capacity and resistance per cell with the healing doses,"
                    + " capacity and resistance estimated and true) and keep the run there: the firmware's files and"
                    + " state directory (audit log) under DIR/firmware, its log in DIR/firmware.log")
    Path report;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "firmware configuration for the run (cell file, rules, healing budget, start-up);"
                    + " the board is the lifetime bench's, wired to the plant")
    Path config;

    @Option(
            names = "--healable-damage",
            paramLabel = "D",
            defaultValue = "0",
            description = "cells start with this fraction of their particles out of contact, all of it fresh"
                    + " (healable), as after a spell of hard cycling (default: ${DEFAULT-VALUE}, a new pack)")
    double healableDamage;

    @Option(
            names = "--damaged-cells",
            paramLabel = "LIST",
            split = ",",
            description = "the cells that start with --healable-damage, e.g. 1,4,9 (default: every cell); the"
                    + " others start new, so a dose given to one of them is a false healing action")
    List<Integer> damagedCells;

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Each cell's healable damage at the start, from --healable-damage and --damaged-cells. */
    double[] startDamage() {
        if (!(healableDamage >= 0 && healableDamage < 1)) {
            throw new IllegalArgumentException("--healable-damage must be 0 <= D < 1, got " + healableDamage);
        }
        double[] damage = new double[cells];
        for (int c = 1; c <= cells; c++) {
            damage[c - 1] = damagedCells == null || damagedCells.contains(c) ? healableDamage : 0.0;
        }
        if (damagedCells != null) {
            for (int c : damagedCells) {
                if (c < 1 || c > cells) {
                    throw new IllegalArgumentException(
                            "--damaged-cells: cell " + c + " is not one of the pack's 1.." + cells);
                }
            }
        }
        return damage;
    }

    /**
     * Where the run's bench and firmware state go: a memory file system where the machine has one. The
     * firmware saves its state once a simulated hour and forces every save and audit record to disk,
     * which on a disk is 10-30 ms each: a simulated year's 9000 saves would wait minutes on it.
     */
    static Path workDirectory() throws IOException {
        return Files.isDirectory(MEMORY_FILE_SYSTEM) && Files.isWritable(MEMORY_FILE_SYSTEM)
                ? Files.createTempDirectory(MEMORY_FILE_SYSTEM, "healbms-lifetime")
                : Files.createTempDirectory("healbms-lifetime");
    }

    @Override
    public Integer call() throws Exception {
        if (!(days > 0) || !Double.isFinite(days)) {
            throw new IllegalArgumentException("--days must be > 0, got " + days);
        }
        if (cells < 1 || cells > 24) {
            throw new IllegalArgumentException("--cells must be 1..24 (two LTC6811 on the chain), got " + cells);
        }
        if (tickMs < 10 || tickMs > 10_000) {
            throw new IllegalArgumentException("--tick-ms must be 10..10000 (a board's tick_ms), got " + tickMs);
        }
        if (!profile.equals("commute")) {
            throw new IllegalArgumentException("--profile must be commute (the only one so far), got " + profile);
        }
        Lifetime.Mode mode = Lifetime.Mode.parse(healing);
        Path dir = report != null ? freshDirectory(report.resolve("firmware")) : workDirectory();
        try (PrintWriter firmwareLog = report != null
                ? new PrintWriter(Files.newBufferedWriter(report.resolve("firmware.log")), true)
                : new PrintWriter(Writer.nullWriter())) {
            Lifetime.Result r = Lifetime.run(
                    dir, config, cells, seed, mode, days * 86_400.0, tickMs, START, startDamage(), firmwareLog);
            if (report != null) {
                LifetimePlots.write(r.series(), report, "seed %d, healing %s".formatted(seed, healing));
            }
            if (json) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                JsonFigures.put(o, "simulated_s", r.simulatedS());
                JsonFigures.put(o, "wall_s", r.wallS());
                JsonFigures.put(o, "real_time_factor", r.simulatedS() / r.wallS());
                JsonFigures.put(o, "cpu_s", r.cpuS());
                JsonFigures.put(o, "tick_period_s", r.tickPeriodS());
                o.put("ticks", r.ticks());
                o.put("leaps", r.leaps());
                JsonFigures.put(o, "capacity_retention", r.capacityRetention());
                JsonFigures.put(o, "resistance_growth", r.resistanceGrowth());
                // The rules' judged actions (a thermal dose is judged after the drive that follows it);
                // healing_doses counts every dose given, healing_doses_awaiting_verdict those not judged yet.
                o.put("healing_actions", r.healingActions());
                ObjectNode verified = o.putObject("healing_verified");
                verified.put("improved", r.improved());
                verified.put("unchanged", r.unchanged());
                verified.put("worse", r.worse());
                JsonFigures.put(o, "days_to_80_percent", r.series().daysToRetention(0.8));
                JsonFigures.put(o, "heating_energy_wh", r.heatingEnergyWh());
                o.put("interlock_aborts", r.aborts());
                o.put("unsafe_ticks", r.unsafeTicks());
                o.put("plant_steps", r.plantSteps());
                o.put("unsafe_plant_steps", r.unsafeSteps());
                JsonFigures.put(o, "max_cell_voltage_v", r.extremes().maxCellVoltageV());
                JsonFigures.put(o, "min_cell_voltage_v", r.extremes().minCellVoltageV());
                JsonFigures.put(o, "max_core_degc", r.extremes().maxCoreDegC());
                Lifetime.Errors e = r.errors();
                JsonFigures.put(o, "soc_rmse", e.socRmse());
                JsonFigures.put(o, "soc_max_error", e.socMax());
                JsonFigures.put(o, "soc_max_error_at_s", e.socMaxAtS());
                o.put("soc_max_error_cell", e.socMaxCell());
                JsonFigures.put(o, "soh_resistance_rmse", e.sohResistanceRmse());
                JsonFigures.put(o, "soh_resistance_max_error", e.sohResistanceMax());
                JsonFigures.put(o, "soh_capacity_rmse", e.sohCapacityRmse());
                JsonFigures.put(o, "soh_capacity_max_error", e.sohCapacityMax());
                // The response-based resistance health the healing rules read as soh_resistance (hourly).
                JsonFigures.put(o, "soh_resistance_health_rmse", e.resistanceHealthRmse());
                JsonFigures.put(o, "soh_resistance_health_max_error", e.resistanceHealthMax());
                // The plant's contact loss (the healable mechanism), pack means at the start and the end.
                JsonFigures.put(o, "contact_damage_start", mean(r.first().damage()));
                JsonFigures.put(o, "contact_damage_end", mean(r.end().damage()));
                JsonFigures.put(o, "healable_damage_end", mean(r.end().healableDamage()));
                DoseTruth.Tally doses = r.doses();
                o.put("healing_doses", doses.doses());
                o.put("healing_doses_awaiting_verdict", doses.awaitingVerdict());
                o.put("false_healing_actions", doses.falseActions());
                JsonFigures.put(o, "healing_verdict_agreement", doses.agreement());
                ObjectNode verdicts = o.putObject("healing_verdicts_vs_truth");
                doses.verdicts().forEach((verdict, truths) -> {
                    ObjectNode row = verdicts.putObject(verdict);
                    truths.forEach(row::put);
                });
                o.put("pack_state", r.packState());
                ArrayNode faults = o.putArray("active_faults");
                for (FaultHistory.Episode f : r.activeFaults()) {
                    ObjectNode fault = faults.addObject();
                    fault.put("id", f.id().name());
                    fault.put("severity", f.severity().name());
                    JsonFigures.put(fault, "raised_s", f.raisedS());
                }
                o.put("faults_raised", r.faultsRaised());
                System.out.println(o);
            } else {
                System.out.printf(
                        Locale.ROOT,
                        "%s days, %d cells, seed %d, healing %s: %.0f s simulated in %.1f s (%.0fx real time;"
                                + " %d ticks of %.1f s, %d leaps, %d plant steps)%n",
                        days,
                        cells,
                        seed,
                        mode.name().toLowerCase(Locale.ROOT),
                        r.simulatedS(),
                        r.wallS(),
                        r.simulatedS() / r.wallS(),
                        r.ticks(),
                        r.tickPeriodS(),
                        r.leaps(),
                        r.plantSteps());
                System.out.printf(
                        Locale.ROOT,
                        "capacity retention %.4f, resistance growth %+.4f, healing actions judged %d"
                                + " (improved %d, unchanged %d, worse %d, aborts %d), heating %.2f Wh%n",
                        r.capacityRetention(),
                        r.resistanceGrowth(),
                        r.healingActions(),
                        r.improved(),
                        r.unchanged(),
                        r.worse(),
                        r.aborts(),
                        r.heatingEnergyWh());
                System.out.printf(
                        Locale.ROOT,
                        "unsafe ticks %d (plant steps %d); SoC error RMSE %.4f max %.4f; resistance health error"
                                + " RMSE %.4f max %.4f; capacity health error RMSE %.4f max %.4f; pack %s,"
                                + " %d faults raised%n",
                        r.unsafeTicks(),
                        r.unsafeSteps(),
                        r.errors().socRmse(),
                        r.errors().socMax(),
                        r.errors().sohResistanceRmse(),
                        r.errors().sohResistanceMax(),
                        r.errors().sohCapacityRmse(),
                        r.errors().sohCapacityMax(),
                        r.packState(),
                        r.faultsRaised());
                System.out.printf(
                        Locale.ROOT,
                        "%d doses (%d awaiting their verdict), %d to cells without healable damage; verdicts agree with"
                                + " the plant on %.2f%n",
                        r.doses().doses(),
                        r.doses().awaitingVerdict(),
                        r.doses().falseActions(),
                        r.doses().agreement());
                for (FaultHistory.Episode f : r.activeFaults()) {
                    System.out.printf(
                            Locale.ROOT, "active fault %s (%s) since %.0f s%n", f.id(), f.severity(), f.raisedS());
                }
            }
            return r.unsafeTicks() == 0 ? 0 : 1;
        } finally {
            if (report == null) {
                delete(dir);
            }
        }
    }

    /**
     * A directory for this run's firmware, emptied of an earlier run's (whose saved state the firmware
     * would restore); anything else there is refused rather than deleted.
     */
    private static Path freshDirectory(Path dir) throws IOException {
        if (Files.exists(dir)) {
            if (!Files.exists(dir.resolve("board.yaml")) || !Files.exists(dir.resolve("state"))) {
                throw new IllegalArgumentException(
                        dir + " exists and is not an earlier lifetime run's: choose another --report DIR");
            }
            delete(dir);
        }
        return Files.createDirectories(dir);
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
