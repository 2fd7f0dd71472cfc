package org.healbms.sim.plant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.healbms.healing.rules.CellSignals;
import org.healbms.healing.rules.Firing;
import org.healbms.healing.rules.HealingAction;
import org.healbms.healing.rules.Rule;
import org.healbms.healing.rules.RuleCondition;
import org.healbms.healing.rules.RuleEngine;
import org.healbms.healing.rules.RuleSet;
import org.healbms.healing.thermal.HeatingLimits;
import org.healbms.healing.thermal.InterlockInputs;
import org.healbms.healing.thermal.Interlocks;
import org.healbms.healing.thermal.PiTemperatureController;
import org.healbms.healing.thermal.TemperaturePair;
import org.healbms.healing.thermal.ThermalActivationRun;
import org.healbms.healing.thermal.Verification;
import org.junit.jupiter.api.Test;

/**
 * A cell with a self-healing binder and a heater, closed loop at 1 s: the rule fires on the
 * resistance-growth signature, the heater brings the cell to its target and holds it there without
 * going near the limit, the resistance heals, and verification scores it. Then each interlock,
 * tripped on purpose, aborts the run with its reason and the heater off.
 */
class ThermalActivationTest {

    private static final long S = 1_000_000_000L;
    private static final HeatingLimits LIMITS = HeatingLimits.typical();

    /** What a test does to the cell's world at time t (seconds) before each step. */
    private record Scenario(
            CellThermalPlant plant,
            double[] sensorOffsetB,
            double[] current,
            double[] soc,
            boolean[] fault,
            boolean[] sensorAOk) {
        static Scenario of(CellThermalPlant plant) {
            return new Scenario(
                    plant, new double[1], new double[1], new double[] {0.5}, new boolean[1], new boolean[] {true});
        }
    }

    private static ThermalActivationRun run(
            Scenario s, int seconds, Consumer<Integer> disturbance, List<Double> trace) {
        var action = new HealingAction.ThermalActivation(70, 1800, 2);
        ThermalActivationRun run = new ThermalActivationRun(
                action,
                new Interlocks(LIMITS),
                new PiTemperatureController(0.08, 0.0008),
                s.plant()::setDuty,
                0,
                s.plant().temperatureDegC());
        for (int k = 1;
                k <= seconds
                        && run.phase() != ThermalActivationRun.Phase.DONE
                        && run.phase() != ThermalActivationRun.Phase.ABORTED;
                k++) {
            disturbance.accept(k);
            s.plant().step(1.0);
            double t = s.plant().temperatureDegC();
            run.step(new InterlockInputs(
                    k * S,
                    new TemperaturePair(t, s.sensorAOk()[0], t + s.sensorOffsetB()[0], true),
                    s.current()[0],
                    s.soc()[0],
                    s.fault()[0]));
            trace.add(t);
        }
        return run;
    }

    @Test
    void theRuleFiresTheHeaterTracksTheTargetAndTheCellHeals() {
        RuleCondition when = RuleCondition.compile(
                "signature['resistance_growth'] >= 0.4 && soc >= 0.3 && soc <= 0.8", new ArrayList<>());
        RuleEngine engine = new RuleEngine(new RuleSet(
                "t",
                List.of(new Rule(
                        "heal",
                        "",
                        when,
                        null,
                        60,
                        new HealingAction.ThermalActivation(70, 1800, 2),
                        10,
                        86_400,
                        5,
                        false))));
        CellThermalPlant plant = CellThermalPlant.typical18650(25, 0.45);
        List<Firing> fired = new ArrayList<>();
        for (int k = 0; k <= 60 && fired.isEmpty(); k++) {
            fired.addAll(engine.evaluate(
                    List.of(new CellSignals(
                            1,
                            0.5,
                            25,
                            Double.NaN,
                            0,
                            0.95,
                            plant.resistanceScale(),
                            1e6,
                            1.0,
                            0.0,
                            Map.of("resistance_growth", 0.9),
                            Map.of())),
                    k * S));
        }
        assertThat(fired)
                .singleElement()
                .satisfies(f -> assertThat(f.action().type()).isEqualTo("thermal_activation"));
        double before = plant.resistanceScale();

        List<Double> trace = new ArrayList<>();
        ThermalActivationRun run = run(Scenario.of(plant), 4 * 3600, k -> {}, trace);
        assertThat(run.phase()).isEqualTo(ThermalActivationRun.Phase.DONE);
        double peak = trace.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertThat(peak).isLessThan(72.0).isLessThan(LIMITS.maxTemperatureDegC());
        // Once at target, it stays within 1.5 K of it through the hold.
        int atTarget = 0;
        while (trace.get(atTarget) < 69) {
            atTarget++;
        }
        for (int k = atTarget + 60; k < atTarget + 1700; k++) {
            assertThat(trace.get(k)).isBetween(68.5, 71.5);
        }
        double after = plant.resistanceScale();
        assertThat(Verification.score(before, 0.02, after, 0.02, true)).isEqualTo(Verification.Outcome.IMPROVED);
        assertThat(after).isLessThan(1.2);
    }

    private static ThermalActivationRun aborted(Consumer<Scenario> at600s) {
        Scenario s = Scenario.of(CellThermalPlant.typical18650(25, 0.45));
        List<Double> trace = new ArrayList<>();
        ThermalActivationRun run = run(
                s,
                3600,
                k -> {
                    if (k == 600) {
                        at600s.accept(s);
                    }
                },
                trace);
        assertThat(run.phase()).isEqualTo(ThermalActivationRun.Phase.ABORTED);
        assertThat(run.duty()).isZero();
        assertThat(s.plant().duty()).isZero();
        assertThat(trace).hasSizeLessThanOrEqualTo(601); // aborted on the very tick
        return run;
    }

    @Test
    void everyInterlockAbortsTheRunWithItsReason() {
        assertThat(aborted(s -> s.sensorOffsetB()[0] = 4.0).abortReason()).contains("disagree");
        assertThat(aborted(s -> s.current()[0] = 1.0).abortReason()).contains("charging");
        assertThat(aborted(s -> s.soc()[0] = 0.9).abortReason()).contains("SoC");
        assertThat(aborted(s -> s.fault()[0] = true).abortReason()).contains("protection fault");
        assertThat(aborted(s -> s.sensorAOk()[0] = false).abortReason()).contains("not usable");
    }

    /** A heater stuck on (a welded relay): the interlocks see the runaway and say so long before the limit. */
    @Test
    void aRunawayHeaterTripsTheRiseInterlock() {
        CellThermalPlant plant = new CellThermalPlant(45, 15, 40, 25, 0.3); // a heater four times too strong
        List<Double> trace = new ArrayList<>();
        ThermalActivationRun run = new ThermalActivationRun(
                new HealingAction.ThermalActivation(70, 600, 3),
                new Interlocks(LIMITS),
                new PiTemperatureController(0.08, 0.0008),
                d -> plant.setDuty(1.0),
                0,
                25);
        for (int k = 1; k < 3600 && run.phase() != ThermalActivationRun.Phase.ABORTED; k++) {
            plant.step(1.0);
            trace.add(plant.temperatureDegC());
            run.step(new InterlockInputs(
                    k * S,
                    new TemperaturePair(plant.temperatureDegC(), true, plant.temperatureDegC(), true),
                    0,
                    0.5,
                    false));
        }
        assertThat(run.abortReason()).contains("K/min");
        assertThat(trace.getLast()).isLessThan(LIMITS.maxTemperatureDegC());
    }
}
