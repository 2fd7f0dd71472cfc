package org.healbms.healing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scripted as steps of signals and expected firings on a controllable clock (1 s ticks). */
class RuleEngineTest {

    private static final long S = 1_000_000_000L;

    private static RuleCondition cel(String source) {
        List<RuleCondition.Problem> problems = new ArrayList<>();
        RuleCondition c = RuleCondition.compile(source, problems);
        assertThat(problems).isEmpty();
        return c;
    }

    private static CellSignals cell(int id, double resistanceSeverity, double soc, double budget) {
        return new CellSignals(
                id,
                soc,
                25,
                Double.NaN,
                0,
                0.95,
                1.3,
                1e6,
                budget,
                0.0,
                Map.of("resistance_growth", resistanceSeverity, "plating_risk", 0.0),
                Map.of("temperature", 0.0));
    }

    private static Rule heal(double forS, double cooldownS, int maxDoses, boolean advisory) {
        return new Rule(
                "heal",
                "",
                cel("signature['resistance_growth'] >= 0.4 && soc >= 0.3"),
                cel("signature['resistance_growth'] < 0.2"),
                forS,
                new HealingAction.ThermalActivation(70, 1800, 2),
                10,
                cooldownS,
                maxDoses,
                advisory);
    }

    /** The virtual core temperature is a signal like any other; unknown (no thermal model) never fires. */
    @Test
    void aRuleMayWatchTheCoreTemperature() {
        Rule hotCore = new Rule(
                "cool",
                "",
                cel("core_temperature > 50.0"),
                null,
                0,
                new HealingAction.Alert("core hot"),
                1,
                0,
                10,
                true);
        RuleEngine engine = new RuleEngine(new RuleSet("t", List.of(hotCore)));
        CellSignals hot = new CellSignals(1, 0.5, 40, 55, -9, 0.95, 1.0, 1e6, 1.0, 0.0, Map.of(), Map.of());
        CellSignals unknown = new CellSignals(2, 0.5, 40, Double.NaN, -9, 0.95, 1.0, 1e6, 1.0, 0.0, Map.of(), Map.of());
        assertThat(engine.evaluate(List.of(hot, unknown), 0))
                .singleElement()
                .satisfies(f -> assertThat(f.cell()).isEqualTo(1));
    }

    @Test
    void firesAfterItsPersistenceOnlyOnTheCellThatQualifies() {
        RuleEngine engine = new RuleEngine(new RuleSet("t", List.of(heal(10, 0, 5, false))));
        List<Firing> all = new ArrayList<>();
        for (int k = 0; k <= 20; k++) {
            all.addAll(
                    engine.evaluate(List.of(cell(1, 0.6, 0.5, 1), cell(2, 0.1, 0.5, 1), cell(3, 0.6, 0.2, 1)), k * S));
        }
        assertThat(all).singleElement().satisfies(f -> {
            assertThat(f.cell()).isEqualTo(1);
            assertThat(f.atNanos()).isEqualTo(10 * S);
            assertThat(f.dose()).isEqualTo(1);
        });
    }

    @Test
    void reArmsOnlyThroughItsClearConditionThenWaitsForCooldownAndStopsAtMaxDoses() {
        RuleEngine engine = new RuleEngine(new RuleSet("t", List.of(heal(0, 100, 2, false))));
        List<Firing> fired = new ArrayList<>();
        long t = 0;
        fired.addAll(engine.evaluate(List.of(cell(1, 0.6, 0.5, 1)), t));
        // Still degraded: not re-armed, so no second firing however long it lasts.
        for (int k = 1; k < 500; k++) {
            fired.addAll(engine.evaluate(List.of(cell(1, 0.6, 0.5, 1)), k * S));
        }
        assertThat(fired).hasSize(1);
        // Between the thresholds (0.3): still not re-armed.
        fired.addAll(engine.evaluate(List.of(cell(1, 0.3, 0.5, 1)), 500 * S));
        // Healed below 0.2: re-armed; degraded again: fires (cooldown of 100 s long past).
        fired.addAll(engine.evaluate(List.of(cell(1, 0.1, 0.5, 1)), 501 * S));
        fired.addAll(engine.evaluate(List.of(cell(1, 0.6, 0.5, 1)), 502 * S));
        assertThat(fired).hasSize(2);
        // Third time: out of doses.
        fired.addAll(engine.evaluate(List.of(cell(1, 0.1, 0.5, 1)), 900 * S));
        fired.addAll(engine.evaluate(List.of(cell(1, 0.6, 0.5, 1)), 901 * S));
        assertThat(fired).hasSize(2);
        assertThat(engine.doses("heal", 1)).isEqualTo(2);
    }

    @Test
    void cooldownHoldsARearmedRule() {
        RuleEngine engine = new RuleEngine(new RuleSet("t", List.of(heal(0, 100, 9, false))));
        assertThat(engine.evaluate(List.of(cell(1, 0.6, 0.5, 1)), 0)).hasSize(1);
        engine.evaluate(List.of(cell(1, 0.1, 0.5, 1)), S);
        assertThat(engine.evaluate(List.of(cell(1, 0.6, 0.5, 1)), 50 * S)).isEmpty();
        assertThat(engine.evaluate(List.of(cell(1, 0.6, 0.5, 1)), 100 * S)).hasSize(1);
    }

    @Test
    void anEmptyHealingBudgetStopsAgentUsingRulesAndAdvisoryFiringsUseNoDoses() {
        RuleEngine engine = new RuleEngine(new RuleSet("t", List.of(heal(0, 0, 3, false))));
        assertThat(engine.evaluate(List.of(cell(1, 0.6, 0.5, 0.0)), 0)).isEmpty();
        RuleEngine advice = new RuleEngine(new RuleSet("t", List.of(heal(0, 0, 1, true))));
        assertThat(advice.evaluate(List.of(cell(1, 0.6, 0.5, 1)), 0))
                .singleElement()
                .satisfies(f -> assertThat(f.advisory()).isTrue());
        assertThat(advice.doses("heal", 1)).isZero();
    }

    @Test
    void firingsComeHighestPriorityFirstAndAReplacedSetTakesOverAtOnce() {
        Rule alert = new Rule("alert", "", cel("soc < 0.9"), null, 0, new HealingAction.Alert("x"), 1, 0, 9, false);
        RuleEngine engine = new RuleEngine(new RuleSet("a", List.of(alert, heal(0, 0, 9, false))));
        assertThat(engine.evaluate(List.of(cell(1, 0.6, 0.5, 1)), 0))
                .extracting(Firing::ruleId)
                .containsExactly("heal", "alert");
        RuleSet old = engine.replace(new RuleSet("b", List.of(alert)));
        assertThat(old.name()).isEqualTo("a");
        assertThat(engine.rules().name()).isEqualTo("b");
    }

    @Test
    void conditionsAreTypeCheckedWithTheirPosition() {
        List<RuleCondition.Problem> problems = new ArrayList<>();
        assertThat(RuleCondition.compile("soc > 0.3 &&\n  temprature < 40.0", problems))
                .isNull();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("undeclared reference to 'temprature'");
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo(3);
        });
        problems.clear();
        assertThat(RuleCondition.compile("soc + 1.0", problems)).isNull(); // not a boolean
        assertThat(problems).isNotEmpty();
        // A constant key the firmware never provides is refused with its place ...
        problems.clear();
        assertThat(RuleCondition.compile("soc > 0.3 && signature['unknown'] > 0.0", problems))
                .isNull();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("'unknown' is not a signature the firmware provides");
            assertThat(p.column()).isEqualTo(24);
        });
        // ... while a key missing from this evaluation's map is an evaluation error: false, not an exception.
        assertThat(cel("signature['hot_spot'] > 0.0").test(cell(1, 0.6, 0.5, 1)))
                .isFalse();
        // NaN never satisfies a comparison.
        assertThat(cel("soc > 0.3").test(cell(1, 0.6, Double.NaN, 1))).isFalse();
    }
}
