package org.healbms.io.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.healbms.core.signature.SignatureKind;
import org.healbms.healing.rules.CellSignals;
import org.healbms.healing.rules.HealingAction;
import org.healbms.healing.rules.RuleEngine;
import org.healbms.healing.rules.RuleSet;
import org.healbms.io.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesFileTest {

    @TempDir
    Path dir;

    private Path example() throws Exception {
        Path file = dir.resolve("example.rules.yaml");
        try (InputStream in = RulesFile.class.getResourceAsStream("/org/healbms/io/rules/example.rules.yaml")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void theShippedExampleIsValid() throws Exception {
        RuleSet set = RulesFile.read(example());
        assertThat(set.rules())
                .extracting(r -> r.id())
                .containsExactly(
                        "binder-heal-on-resistance-growth",
                        "rest-on-plating-risk",
                        "smooth-after-cold-charge",
                        "swelling-alert",
                        "impedance-growth-advice",
                        "rest-after-plating",
                        "binder-heal-on-resistance-above-new",
                        "binder-maintenance-by-cycles");
        assertThat(set.rules().get(0).action()).isEqualTo(new HealingAction.ThermalActivation(70, 1800, 2));
        assertThat(set.rules().get(5).action()).isEqualTo(new HealingAction.Rest(1800));
        assertThat(set.rules().get(2).advisory()).isTrue();
    }

    /** The impedance-growth signature reaches the rules by its name, as every signature does. */
    @Test
    void theExamplesImpedanceRuleFiresOnTheImpedanceGrowthSignature() throws Exception {
        RuleEngine engine = new RuleEngine(RulesFile.read(example()));
        Map<String, Double> severity = new HashMap<>();
        for (SignatureKind kind : SignatureKind.values()) {
            severity.put(kind.ruleName(), 0.0);
        }
        severity.put("impedance_growth", 0.33);
        var firings = engine.evaluate(
                List.of(new CellSignals(
                        1,
                        0.8,
                        25.0,
                        Double.NaN,
                        0.0,
                        Double.NaN,
                        1.0,
                        Double.POSITIVE_INFINITY,
                        1.0,
                        0.0,
                        severity,
                        Map.of())),
                0L);
        assertThat(firings).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("impedance-growth-advice");
            assertThat(f.advisory()).isTrue();
        });
    }

    @Test
    void everyProblemNamesTheRuleAndTheLine() throws Exception {
        String text = Files.readString(example())
                .replace("temperature < 40.0", "temprature < 40.0")
                .replace("target_degc: 70", "target_degc: 120")
                .replace("id: swelling-alert", "id: rest-on-plating-risk")
                .replace("type: pulse_protocol", "type: pulse")
                .replace("{type: rest, duration_s: 1800}", "{type: rest, duration_s: 10}");
        Path bad = dir.resolve("bad.rules.yaml");
        Files.writeString(bad, text);
        assertThatThrownBy(() -> RulesFile.read(bad)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p)
                            // A folded YAML scalar is one line of CEL: the column says where in it.
                            .matches(
                                    "line 1\\d: rules\\[0\\] \\(binder-heal-on-resistance-growth\\)\\.when: expression line 1, "
                                            + "column \\d+: undeclared reference to 'temprature'.*"));
            assertThat(e.problems())
                    .anySatisfy(
                            p -> assertThat(p)
                                    .contains(
                                            "rules[0] (binder-heal-on-resistance-growth).action.target_degc: 120.0 is outside 30.0 .. 85.0"));
            assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p)
                            .contains("rules[3] (rest-on-plating-risk).id:")
                            .contains("names another rule too"));
            assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p)
                            .contains("rules[2] (smooth-after-cold-charge).action.type: 'pulse' is not one of"));
            assertThat(e.problems())
                    .anySatisfy(
                            p -> assertThat(p)
                                    .contains(
                                            "rules[5] (rest-after-plating).action.duration_s: 10.0 is outside 60.0 .. 86400.0"));
        });
    }

    /** A rule the interlocks would never run as written is refused when the file is read, not at run time. */
    @Test
    void heatingBeyondTheInterlocksIsRefused() throws Exception {
        String text = Files.readString(example())
                .replace("target_degc: 70", "target_degc: 88")
                .replace("max_rise_k_per_min: 2", "max_rise_k_per_min: 5");
        Path bad = dir.resolve("hot.rules.yaml");
        Files.writeString(bad, text);
        assertThatThrownBy(() -> RulesFile.read(bad)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p).contains("action.target_degc: 88.0 is outside 30.0 .. 85.0"));
            assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p).contains("action.max_rise_k_per_min: 5.0 is outside 0.1 .. 3.0"));
        });
    }

    /** A misspelt signature or rate would make a rule that silently never fires: it is refused with its place. */
    @Test
    void unknownSignatureAndRateNamesAreRefused() throws Exception {
        String text = Files.readString(example())
                .replace("signature['irreversible_swelling'] >= 0.3", "signature['swelling'] >= 0.3")
                .replace(
                        "signature['impedance_growth'] >= 0.25",
                        "signature.impedance_growth >= 0.25 && rate['voltage'] > 0.0");
        Path bad = dir.resolve("names.rules.yaml");
        Files.writeString(bad, text);
        assertThatThrownBy(() -> RulesFile.read(bad)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.problems())
                    .anySatisfy(
                            p -> assertThat(p)
                                    .contains(
                                            "rules[3] (swelling-alert).when: expression line 1, column 11: "
                                                    + "'swelling' is not a signature the firmware provides; known: capacity_fade, hot_spot"));
            assertThat(e.problems())
                    .anySatisfy(
                            p -> assertThat(p)
                                    .contains("rules[4] (impedance-growth-advice).when:")
                                    .contains(
                                            "'voltage' is not a rate the firmware provides; known: soc, soh_resistance, strain, temperature"));
            // signature.impedance_growth is a valid name written as a field select: not a problem
            assertThat(e.problems()).noneSatisfy(p -> assertThat(p).contains("'impedance_growth'"));
            assertThat(e.problems()).hasSize(2);
        });
    }
}
