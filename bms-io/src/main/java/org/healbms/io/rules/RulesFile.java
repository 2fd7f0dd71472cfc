package org.healbms.io.rules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.healbms.healing.rules.HealingAction;
import org.healbms.healing.rules.Rule;
import org.healbms.healing.rules.RuleCondition;
import org.healbms.healing.rules.RuleSet;
import org.healbms.healing.thermal.HeatingLimits;
import org.healbms.io.config.ConfigDocument;
import org.healbms.io.config.ConfigReader;
import org.healbms.io.config.ConfigReader.Entry;

/**
 * The healing rules file (YAML, format {@code healbms-rules} v1; the shipped
 * {@code example.rules.yaml} documents every field). The whole file is validated before any rule is
 * used, including type-checking every condition; every problem names the rule and the line.
 */
public final class RulesFile {

    public static final String FORMAT = "healbms-rules";

    /** The heating limits the firmware's interlocks enforce; a rule is checked against them. */
    private static final HeatingLimits INTERLOCKS = HeatingLimits.typical();

    private RulesFile() {}

    public static RuleSet read(Path file) throws IOException {
        return parse(ConfigDocument.read(file));
    }

    /** A rules file received as text (a CoAP PUT); problems name {@code source} and the line. */
    public static RuleSet parse(String source, String yaml) throws IOException {
        return parse(ConfigDocument.parse(Path.of(source), yaml));
    }

    public static RuleSet parse(ConfigDocument document) throws IOException {
        ConfigReader reader = new ConfigReader(document);
        Entry root = reader.root();
        root.allowOnly("format", "format_version", "name", "rules");
        String format = root.text("format");
        if (!format.isEmpty() && !format.equals(FORMAT)) {
            root.problem("format", "'" + format + "' is not a rules file (expected " + FORMAT + ")");
        }
        root.integer("format_version", 1, 1);
        String name = root.text("name", "rules");
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Entry raw : root.list("rules")) {
            String id = raw.has("id") ? raw.text("id") : "";
            Entry r = raw.labelled(raw.label() + (id.isEmpty() ? "" : " (" + id + ")"));
            if (id.isEmpty()) {
                r.problem("id", "missing");
            } else if (!ids.add(id)) {
                r.problem("id", "'" + id + "' names another rule too");
            }
            r.allowOnly(
                    "id",
                    "description",
                    "when",
                    "clear_when",
                    "for_s",
                    "action",
                    "priority",
                    "cooldown_s",
                    "max_doses",
                    "advisory");
            RuleCondition when = condition(r, "when", true);
            RuleCondition clearWhen = condition(r, "clear_when", false);
            double forS = r.number("for_s", 0, 0, 86_400);
            HealingAction action = action(r.mapping("action"));
            int priority = r.integer("priority", 0, -1000, 1000);
            double cooldown = r.number("cooldown_s", 0, 0, 365 * 86_400.0);
            int maxDoses = r.integer("max_doses", 1, 1, 10_000);
            boolean advisory = r.has("advisory")
                    && r.choice("advisory", null, "true", "false").equals("true");
            rules.add(new Rule(
                    id,
                    r.text("description", ""),
                    when,
                    clearWhen,
                    forS,
                    action,
                    priority,
                    cooldown,
                    maxDoses,
                    advisory));
        }
        reader.throwIfProblems();
        return new RuleSet(name, rules);
    }

    private static RuleCondition condition(Entry r, String field, boolean required) {
        if (!r.has(field)) {
            if (required) {
                r.problem(field, "missing");
            }
            return null;
        }
        String source = r.text(field);
        if (source.isEmpty()) {
            return null;
        }
        List<RuleCondition.Problem> problems = new ArrayList<>();
        RuleCondition c = RuleCondition.compile(source, problems);
        for (RuleCondition.Problem p : problems) {
            r.problem(field, "expression line " + p.line() + ", column " + p.column() + ": " + p.message());
        }
        return c;
    }

    private static HealingAction action(Entry a) {
        String type = a.choice("type", null, "thermal_activation", "derate", "rest", "pulse_protocol", "alert");
        return switch (type) {
            case "thermal_activation" -> {
                a.allowOnly("type", "target_degc", "hold_s", "max_rise_k_per_min");
                // A rule may not ask for what the interlocks would refuse: such a rule would be accepted
                // here and then never run as written.
                yield new HealingAction.ThermalActivation(
                        a.number("target_degc", 30, INTERLOCKS.maxTemperatureDegC()),
                        a.number("hold_s", 0, 4 * 3600),
                        a.number("max_rise_k_per_min", 2.0, 0.1, INTERLOCKS.maxRiseKPerMin()));
            }
            case "derate" -> {
                a.allowOnly("type", "charge_fraction", "discharge_fraction", "duration_s");
                yield new HealingAction.Derate(
                        a.number("charge_fraction", 0, 1),
                        a.number("discharge_fraction", 0, 1),
                        a.number("duration_s", 1, 86_400));
            }
            case "rest" -> {
                a.allowOnly("type", "duration_s");
                yield new HealingAction.Rest(a.number("duration_s", 60, 86_400));
            }
            case "pulse_protocol" -> {
                a.allowOnly("type", "pulses", "amplitude_c", "width_s", "rest_s");
                yield new HealingAction.PulseProtocol(
                        a.integer("pulses", 1, 1000),
                        a.number("amplitude_c", 0.01, 2),
                        a.number("width_s", 0.01, 60),
                        a.number("rest_s", 0, 3600));
            }
            case "alert" -> {
                a.allowOnly("type", "message");
                yield new HealingAction.Alert(a.text("message"));
            }
            default -> null;
        };
    }
}
