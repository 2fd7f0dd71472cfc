package org.healbms.healing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.healbms.core.estimation.ResistanceHealth;
import org.healbms.core.signature.CellObservation;
import org.healbms.core.signature.DegradationSignature;
import org.healbms.core.signature.SignatureKind;
import org.healbms.healing.rules.CellSignals;
import org.healbms.healing.rules.HealingAction;
import org.healbms.healing.rules.Rule;
import org.healbms.healing.rules.RuleCondition;
import org.healbms.healing.rules.RuleEngine;
import org.healbms.healing.rules.RuleSet;
import org.healbms.healing.rules.SignalSlots;
import org.healbms.healing.rules.SignalTable;
import org.healbms.healing.thermal.HeatingLimits;
import org.healbms.healing.thermal.TemperaturePair;
import org.healbms.healing.thermal.Verification;
import org.junit.jupiter.api.Test;

class HealingControllerTest {

    private static final long S = 1_000_000_000L;
    private static final double RATED_AH = 3.0;

    private static HealingController controller(String when, List<String> audit) {
        RuleCondition c = RuleCondition.compile(when, new ArrayList<>());
        Rule rule = new Rule("warming", "", c, null, 10, new HealingAction.Alert("cell warming"), 1, 0, 100, false);
        return new HealingController(
                new RuleEngine(new RuleSet("t", List.of(rule))),
                List.of(),
                RATED_AH,
                HeatingLimits.typical(),
                cell -> null,
                10,
                audit::add);
    }

    private static HealingInputs inputs(long s, double temperature) {
        return new HealingInputs(
                s * S,
                List.of(new CellObservation(
                        1, 0.5, temperature, 0, 3.0, 1.0, 0.01, Double.NaN, 3.7, Double.NaN, ResistanceHealth.UNKNOWN)),
                List.of(new TemperaturePair(temperature, true, Double.NaN, false)),
                false,
                List.of());
    }

    private static HealingInputs capacityInputs(long s, double capacityAh) {
        return new HealingInputs(
                s * S,
                List.of(new CellObservation(
                        1,
                        0.5,
                        25,
                        0,
                        capacityAh,
                        1.0,
                        0.01,
                        1e-4,
                        3.7,
                        26,
                        new ResistanceHealth(1.02, 0.01, 1.02, 0.01))),
                List.of(new TemperaturePair(25, true, Double.NaN, false)),
                false,
                List.of());
    }

    /**
     * A thermal activation is judged once the cell has been driven again after it, by the resistance
     * health of the drive after against the drive before: at rest nothing measures the resistance, so a
     * verdict taken as the cell cools would compare the estimate with itself. A lumped cell (50 J/K,
     * 5 K/W to a 25 degC ambient) with a 20 W heater; the rule fires on soh_resistance 1.2.
     */
    @Test
    void aDoseIsJudgedByTheDriveAfterItNotAsItCools() {
        List<String> audit = new ArrayList<>();
        RuleCondition when = RuleCondition.compile("soh_resistance >= 1.15 && current > -0.5", new ArrayList<>());
        Rule rule = new Rule(
                "heal", "", when, null, 0, new HealingAction.ThermalActivation(70, 60, 3), 1, 86_400 * 30, 5, false);
        double[] degC = {25.0};
        double[] duty = {0.0};
        HealingController c = new HealingController(
                new RuleEngine(new RuleSet("t", List.of(rule))),
                List.of(),
                RATED_AH,
                HeatingLimits.typical(),
                cell -> d -> duty[0] = d,
                10,
                audit::add);
        ResistanceHealth damaged = new ResistanceHealth(1.20, 0.005, 1.20, 0.01);
        long t = 0;
        for (; t < 6 * 3600 && !audit.toString().contains("COOLING -> DONE"); t++) {
            c.tick(restingAt(t, degC[0], 0.0, damaged));
            degC[0] += (20 * duty[0] - (degC[0] - 25) / 5) / 50;
        }
        assertThat(audit.toString()).contains("HOLDING -> COOLING").contains("COOLING -> DONE");
        assertThat(c.efficacy().tallies()).as("not judged at rest").isEmpty();
        // The morning drive: 1 A of discharge, the resistance now 1.08 of the new cell's.
        ResistanceHealth healed = new ResistanceHealth(1.19, 0.005, 1.08, 0.01);
        long driveStart = t + 3600;
        for (t = driveStart; t < driveStart + 1100; t++) {
            c.tick(restingAt(t, 25, -1.0, healed));
        }
        assertThat(c.efficacy().tallies()).as("not before 20 min of driving").isEmpty();
        for (; t < driveStart + 1300; t++) {
            c.tick(restingAt(t, 25, -1.0, healed));
        }
        assertThat(c.efficacy().tallies())
                .as("judged at the end of the drive, as the health before was the end of one")
                .isEmpty();
        for (; t < driveStart + 1300 + 290; t++) {
            c.tick(restingAt(t, 25, 0.0, healed));
        }
        assertThat(c.efficacy().tallies())
                .as("a stop of under 5 min does not end a drive")
                .isEmpty();
        for (; t < driveStart + 1300 + 310; t++) {
            c.tick(restingAt(t, 25, 0.0, healed));
        }
        assertThat(c.efficacy().count("heal", Verification.Outcome.IMPROVED)).isEqualTo(1);
    }

    /**
     * cycles_since_activation is the charge through the cell since its last completed dose, in equivalent
     * full cycles of the rated capacity: a maintenance rule on it doses after the throughput it asks for,
     * the dose restarts the count, and a gap between ticks longer than a minute (a leap over a rest, where
     * nothing measured the current) adds nothing. The lumped cell and heater of the test above.
     */
    @Test
    void aMaintenanceDoseFollowsTheThroughputSinceTheLastOne() {
        List<String> audit = new ArrayList<>();
        RuleCondition when = RuleCondition.compile(
                "cycles_since_activation >= 0.99 && current > -0.5 && current < 0.5", new ArrayList<>());
        Rule rule =
                new Rule("maintain", "", when, null, 0, new HealingAction.ThermalActivation(70, 60, 3), 1, 0, 5, false);
        LumpedCell cell = new LumpedCell();
        HealingController c = new HealingController(
                new RuleEngine(new RuleSet("t", List.of(rule))),
                List.of(),
                RATED_AH,
                HeatingLimits.typical(),
                n -> d -> cell.duty = d,
                10,
                audit::add);
        // Half a cycle of the 3 Ah cell: 1.5 Ah out at 3 A, 1.5 Ah back in, then ten minutes at rest.
        long t = cell.cycle(c, 0);
        assertThat(cyclesNow(c, t)).isCloseTo(0.5, within(1e-3));
        // A leap of an hour: the first tick after it carries a current, but nothing measured it over the gap.
        t += 3600;
        cell.tick(c, t, -3.0);
        assertThat(cyclesNow(c, t)).isCloseTo(0.5, within(1e-3));
        assertThat(audit.toString()).doesNotContain("rule maintain fired");
        t = cell.cycle(c, t + 1);
        assertThat(audit.toString()).contains("rule maintain fired on cell 1").contains("COOLING -> DONE");
        assertThat(cyclesNow(c, t)).as("the dose restarts the count").isZero();
        t = cell.cycle(c, t + 1);
        assertThat(cyclesNow(c, t)).isCloseTo(0.5, within(1e-3));
        assertThat(audit.stream().filter(l -> l.contains("rule maintain fired")))
                .hasSize(1);
    }

    /** A lumped cell (50 J/K, 5 K/W to a 25 degC ambient) with a 20 W heater, ticked once a second. */
    private static final class LumpedCell {

        static final ResistanceHealth HEALTH = new ResistanceHealth(1.0, 0.005, 1.0, 0.01);
        double degC = 25;
        double duty;

        void tick(HealingController c, long s, double currentA) {
            c.tick(restingAt(s, degC, currentA, HEALTH));
            degC += (20 * duty - (degC - 25) / 5) / 50;
        }

        /** Discharges the 3 Ah cell at 3 A for 30 min, charges it back as long, rests 3 h; the time after. */
        long cycle(HealingController c, long from) {
            long t = from;
            for (; t < from + 1800; t++) {
                tick(c, t, -3.0);
            }
            for (; t < from + 3600; t++) {
                tick(c, t, 3.0);
            }
            for (; t < from + 3600 + 3 * 3600; t++) {
                tick(c, t, 0.0);
            }
            return t;
        }
    }

    private static double cyclesNow(HealingController c, long s) {
        return c.signals(restingAt(s, 25, 0.0, LumpedCell.HEALTH)).get(0, SignalSlots.CYCLES_SINCE_ACTIVATION);
    }

    private static HealingInputs restingAt(long s, double degC, double currentA, ResistanceHealth health) {
        return new HealingInputs(
                s * S,
                List.of(new CellObservation(
                        1, 0.5, degC, currentA, 3.0, 1.2, 0.01, Double.NaN, 3.7, Double.NaN, health)),
                List.of(new TemperaturePair(degC, true, degC + 0.2, true)),
                false,
                List.of());
    }

    /** soh_capacity is the estimator's capacity over the rated: a rule on it fires on a faded cell only. */
    @Test
    void aRuleOnSohCapacityFiresWhenTheCapacityHasFaded() {
        List<String> faded = new ArrayList<>();
        HealingController a = controller("soh_capacity < 0.85", faded);
        List<String> fresh = new ArrayList<>();
        HealingController b = controller("soh_capacity < 0.85", fresh);
        for (int k = 0; k < 30; k++) {
            a.tick(capacityInputs(k, 0.8 * RATED_AH));
            b.tick(capacityInputs(k, 0.95 * RATED_AH));
        }
        assertThat(faded).anySatisfy(l -> assertThat(l).contains("ALERT cell 1: cell warming"));
        assertThat(fresh).noneSatisfy(l -> assertThat(l).contains("ALERT"));
    }

    /**
     * Every number signal a condition may name is supplied once the estimator knows the cell: a signal
     * declared to the rules but passed as NaN (as soh_capacity was) would be a rule that never fires.
     */
    @Test
    void everyDeclaredSignalIsSuppliedForAKnownCell() {
        HealingController c = controller("soc > 2.0", new ArrayList<>());
        c.tick(capacityInputs(0, 2.9));
        SignalTable signals = c.signals(capacityInputs(1, 2.9));
        assertThat(signals.rows()).isEqualTo(1);
        for (String name : CellSignals.NUMBERS) {
            assertThat(signals.get(0, SignalSlots.number(name))).as(name).isNotNaN();
        }
        assertThat(signals.get(0, SignalSlots.SOH_CAPACITY)).isCloseTo(2.9 / RATED_AH, within(1e-12));
    }

    /** rate['temperature'] is the smoothed rate of change per second: a 1 K/min rise fires the rule, a flat one not. */
    @Test
    void rulesSeeRatesOfChange() {
        List<String> rising = new ArrayList<>();
        HealingController a = controller("rate['temperature'] > 0.01", rising);
        List<String> flat = new ArrayList<>();
        HealingController b = controller("rate['temperature'] > 0.01", flat);
        for (int k = 0; k < 300; k++) {
            a.tick(inputs(k, 25 + k / 60.0));
            b.tick(inputs(k, 25 + 0.05 * Math.sin(k)));
        }
        assertThat(rising).anySatisfy(l -> assertThat(l).contains("ALERT cell 1: cell warming"));
        assertThat(flat).noneSatisfy(l -> assertThat(l).contains("ALERT"));
    }

    @Test
    void offStopsRulesAndAdvisoryOnlyReports() {
        List<String> audit = new ArrayList<>();
        HealingController c = controller("soc > 0.0", audit);
        c.setMode(HealingController.Mode.OFF);
        for (int k = 0; k < 30; k++) {
            c.tick(inputs(k, 25));
        }
        assertThat(audit).isEmpty();
        c.setMode(HealingController.Mode.ADVISORY);
        for (int k = 30; k < 60; k++) {
            c.tick(inputs(k, 25));
        }
        assertThat(audit).anySatisfy(l -> assertThat(l).startsWith("advisory: rule warming fired"));
        assertThat(audit).noneSatisfy(l -> assertThat(l).startsWith("ALERT"));
        c.restoreDosesUsed(Map.of(1, 4.0));
        assertThat(c.budgetRemaining(1)).isEqualTo(0.6);
    }

    private static HealingController pulsing(List<String> audit) {
        RuleCondition when = RuleCondition.compile("soc > 0.0", new ArrayList<>());
        Rule rule =
                new Rule("smooth", "", when, null, 0, new HealingAction.PulseProtocol(3, 0.5, 2, 3), 1, 0, 10, false);
        return new HealingController(
                new RuleEngine(new RuleSet("t", List.of(rule))),
                List.of(),
                RATED_AH,
                HeatingLimits.typical(),
                cell -> null,
                10,
                audit::add);
    }

    /**
     * A pulse protocol is the charge limit over time: 3 pulses of 0.5 C of the cell's 3.0 Ah (1.5 A) for
     * 2 s, 3 s without charge after each, then no cap; the rule's next firing waits for the train.
     */
    @Test
    void aPulseProtocolCapsTheChargeCurrentPulseByPulse() {
        List<String> audit = new ArrayList<>();
        HealingController c = pulsing(audit);
        c.tick(inputs(10, 25));
        assertThat(c.chargeCapA(10 * S - 1)).isInfinite();
        double[] expected = {1.5, 1.5, 0, 0, 0, 1.5, 1.5, 0, 0, 0, 1.5, 1.5, 0, 0, 0};
        for (int k = 0; k < expected.length; k++) {
            assertThat(c.chargeCapA((10 + k) * S + S / 2))
                    .as("%d.5 s into the train", k)
                    .isEqualTo(expected[k]);
        }
        assertThat(c.chargeCapA(25 * S)).as("the train is over").isInfinite();
        assertThat(audit)
                .contains("pulse protocol for cell 1 started through the charge limit: 3 pulses of 1.50 A for 2.00 s,"
                        + " 3.00 s without charge after each");
        for (int k = 11; k <= 26; k++) {
            c.tick(inputs(k, 25));
        }
        assertThat(audit).contains("pulse protocol for cell 1 done");
    }

    /** Switching healing off ends a train under way: the charge limit is no longer capped. */
    @Test
    void switchingHealingOffStopsAPulseTrain() {
        List<String> audit = new ArrayList<>();
        HealingController c = pulsing(audit);
        c.tick(inputs(10, 25));
        assertThat(c.chargeCapA(10 * S + S / 2)).isEqualTo(1.5);
        c.setMode(HealingController.Mode.OFF);
        c.tick(inputs(11, 25));
        assertThat(c.chargeCapA(12 * S + S / 2)).isInfinite();
        assertThat(audit).contains("pulse protocol for cell 1 stopped: healing switched off");
    }

    /**
     * A rest stops the pack for its duration, then the rule that asked for it judges it: improved
     * if its condition (here: plating seen) no longer holds, unchanged if it still does.
     */
    @Test
    void aRestStopsTheCurrentAndIsJudgedByItsRule() {
        for (boolean platingClears : new boolean[] {true, false}) {
            List<String> audit = new ArrayList<>();
            RuleCondition when = RuleCondition.compile("signature['plating_risk'] > 0.0", new ArrayList<>());
            Rule rule = new Rule("rest-after-plating", "", when, null, 0, new HealingAction.Rest(120), 1, 0, 10, false);
            HealingController c = new HealingController(
                    new RuleEngine(new RuleSet("t", List.of(rule))),
                    List.of(),
                    RATED_AH,
                    HeatingLimits.typical(),
                    cell -> null,
                    10,
                    audit::add);
            var plating = new DegradationSignature(SignatureKind.PLATING_RISK, 1, 0.5, 0.8, "stripping plateau", 0);
            for (int k = 0; k <= 200; k++) {
                boolean seen = k < 60 || !platingClears;
                HealingInputs in = inputs(k, 20);
                c.tick(new HealingInputs(
                        in.nowNanos(), in.cells(), in.temperatures(), false, seen ? List.of(plating) : List.of()));
                if (k == 1) {
                    assertThat(c.chargeDerate(k * S)).isZero();
                    assertThat(c.dischargeDerate(k * S)).isZero();
                }
            }
            assertThat(c.chargeDerate(200 * S)).isEqualTo(1.0);
            assertThat(audit).contains("rest for cell 1 started: no current in the pack for 120 s");
            if (platingClears) {
                assertThat(audit)
                        .contains(
                                "rest for cell 1 done; the condition of rule rest-after-plating no longer holds: IMPROVED");
                assertThat(c.efficacy().count("rest-after-plating", Verification.Outcome.IMPROVED))
                        .isEqualTo(1);
            } else {
                assertThat(audit)
                        .contains(
                                "rest for cell 1 done; the condition of rule rest-after-plating still holds: UNCHANGED");
            }
        }
    }

    /**
     * A withheld budget (the count of doses spent was lost) leaves no agent on any cell: a rule that
     * spends agent does not fire until it is released; one that spends none still does.
     */
    @Test
    void aWithheldBudgetStopsEveryRuleThatSpendsAgentUntilReleased() {
        List<String> audit = new ArrayList<>();
        RuleCondition always = RuleCondition.compile("soc > 0.0", new ArrayList<>());
        Rule heat =
                new Rule("heat", "", always, null, 0, new HealingAction.ThermalActivation(45, 60, 3), 1, 0, 10, false);
        Rule alert = new Rule("tell", "", always, null, 0, new HealingAction.Alert("looked at"), 1, 0, 10, false);
        HealingController c = new HealingController(
                new RuleEngine(new RuleSet("t", List.of(heat, alert))),
                List.of(),
                RATED_AH,
                HeatingLimits.typical(),
                cell -> null,
                10,
                audit::add);
        c.withholdBudget(true);
        assertThat(c.budgetRemaining(1)).isZero();
        for (int k = 0; k < 10; k++) {
            c.tick(inputs(k, 25));
        }
        assertThat(audit).anySatisfy(l -> assertThat(l).startsWith("rule tell fired on cell 1"));
        assertThat(audit).noneSatisfy(l -> assertThat(l).startsWith("rule heat fired"));
        c.withholdBudget(false);
        assertThat(c.budgetRemaining(1)).isEqualTo(1.0);
        for (int k = 10; k < 20; k++) {
            c.tick(inputs(k, 25));
        }
        assertThat(audit).anySatisfy(l -> assertThat(l).startsWith("rule heat fired on cell 1"));
    }
}
