package org.healbms.healing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.healbms.core.signature.SignatureKind;

/**
 * The compiled conditions ({@link ConditionCompiler}) against the CEL interpreter they replace, on
 * the shipped example rules and on random expressions of the whole subset, with random signals:
 * <ul>
 *   <li>without NaN (finite signals, no division by zero) the two agree exactly: true, false, and
 *       CEL's error (a missing signature or rate) as unknown;</li>
 *   <li>with NaN, infinities and divisions by zero, a result the compiled condition gives as true
 *       or false is CEL's too: the two differ only where a comparison meets a NaN, which CEL decides
 *       (false, or true for {@code !=}) and the compiled condition leaves unknown;</li>
 *   <li>a signal that is NaN never makes a rule fire: when a condition fires with it, CEL fires with
 *       any value of that signal.</li>
 * </ul>
 */
class ConditionEquivalenceTest {

    /** The rules file shipped with the firmware, in the module that reads rules files (bms-io). */
    private static final Path SHIPPED = Path.of("../bms-io/src/main/resources/org/healbms/io/rules/example.rules.yaml");

    private static final List<Double> LITERALS = List.of(0.0, 0.2, 0.3, 0.5, 1.0, 2.5, 40.0, 0.001, 1000.0);
    private static final List<Double> DIVISORS = List.of(0.5, 2.0, -3.0, 0.001, 40.0);

    private static final List<String> SIGNALS = allSignals();

    // -------- the shipped rules

    @Property(tries = 1000)
    void theShippedRulesAgreeWithCelOnFiniteSignals(
            @ForAll("shippedConditions") String condition, @ForAll("finiteSignals") CellSignals signals) {
        assertThat(compiled(condition, signals)).as(condition).isEqualTo(cel(condition, signals));
    }

    @Property(tries = 1000)
    void aNanSignalNeverMakesAShippedRuleFire(
            @ForAll("shippedConditions") String condition,
            @ForAll("finiteSignals") CellSignals signals,
            @ForAll("signalNames") String unknown,
            @ForAll("finiteValues") List<Double> substitutes) {
        checkNanNeverFires(condition, signals, unknown, substitutes);
    }

    @Example
    void theShippedFileHasItsConditionsRead() {
        assertThat(readShipped())
                .hasSizeGreaterThanOrEqualTo(7)
                .contains("signature['plating_risk'] > 0.0", "signature['resistance_growth'] < 0.2");
    }

    // -------- random expressions of the subset

    @Property(tries = 1000)
    void randomConditionsAgreeWithCelOnFiniteSignals(
            @ForAll("finiteConditions") String condition, @ForAll("finiteSignals") CellSignals signals) {
        assertThat(compiled(condition, signals)).as(condition).isEqualTo(cel(condition, signals));
    }

    @Property(tries = 1000)
    void whatTheCompiledConditionDecidesCelDecidesTheSame(
            @ForAll("anyConditions") String condition, @ForAll("anySignals") CellSignals signals) {
        Outcome compiled = compiled(condition, signals);
        if (compiled != Outcome.UNKNOWN) {
            assertThat(cel(condition, signals)).as(condition).isEqualTo(compiled);
        }
    }

    @Property(tries = 1000)
    void aNanSignalNeverMakesARandomConditionFire(
            @ForAll("anyConditions") String condition,
            @ForAll("finiteSignals") CellSignals signals,
            @ForAll("signalNames") String unknown,
            @ForAll("finiteValues") List<Double> substitutes) {
        checkNanNeverFires(condition, signals, unknown, substitutes);
    }

    /** The documented difference: CEL fires {@code !(soc < 0.3)} and {@code soc != 0.5} on an unknown SoC. */
    @Example
    void aComparisonWithNanIsUnknownWhereCelCallsItFalse() {
        CellSignals nanSoc = signals(Double.NaN);
        for (String c : List.of("!(soc < 0.3)", "soc != 0.5", "(soc > 0.3) == false")) {
            assertThat(cel(c, nanSoc)).as(c).isEqualTo(Outcome.TRUE);
            assertThat(compiled(c, nanSoc)).as(c).isEqualTo(Outcome.UNKNOWN);
        }
        // Absorbed where the other side decides alone, as CEL's errors are.
        assertThat(compiled("soc < 0.3 || current > -1.0", nanSoc)).isEqualTo(Outcome.TRUE);
        assertThat(compiled("soc < 0.3 && current < -1.0", nanSoc)).isEqualTo(Outcome.FALSE);
    }

    /** Doubles divide as IEEE (and CEL) do: by zero is an infinity, 0/0 is NaN (unknown), never an error. */
    @Example
    void divisionByZeroIsAnInfinityAsInCel() {
        CellSignals s = signals(0.0);
        assertThat(compiled("1.0 / soc > 1e300", s)).isEqualTo(Outcome.TRUE).isEqualTo(cel("1.0 / soc > 1e300", s));
        assertThat(compiled("-1.0 / soc < -1e300", s)).isEqualTo(Outcome.TRUE);
        assertThat(compiled("soc / soc > 0.0 || soc / soc <= 0.0", s)).isEqualTo(Outcome.UNKNOWN);
        assertThat(cel("soc / soc > 0.0 || soc / soc <= 0.0", s)).isEqualTo(Outcome.FALSE);
    }

    private static void checkNanNeverFires(
            String condition, CellSignals signals, String unknown, List<Double> substitutes) {
        if (compiled(condition, with(signals, unknown, Double.NaN)) != Outcome.TRUE) {
            return;
        }
        for (double v : substitutes) {
            assertThat(cel(condition, with(signals, unknown, v)))
                    .as("%s fired with %s NaN, so it must fire with %s = %s", condition, unknown, unknown, v)
                    .isEqualTo(Outcome.TRUE);
        }
    }

    // -------- the two evaluators

    enum Outcome {
        TRUE,
        FALSE,
        /** The compiled condition's unknown, CEL's evaluation error. */
        UNKNOWN
    }

    private static final Map<String, RuleCondition> COMPILED = new HashMap<>();
    private static final Map<String, CelRuntime.Program> PROGRAMS = new HashMap<>();

    private static Outcome compiled(String source, CellSignals signals) {
        RuleCondition c = COMPILED.computeIfAbsent(source, s -> {
            List<RuleCondition.Problem> problems = new ArrayList<>();
            RuleCondition out = RuleCondition.compile(s, problems);
            assertThat(problems).as(s).isEmpty();
            return out;
        });
        SignalTable table = new SignalTable();
        signals.writeTo(table);
        return switch (c.verdict(table, 0)) {
            case Verdict.TRUE -> Outcome.TRUE;
            case Verdict.FALSE -> Outcome.FALSE;
            default -> Outcome.UNKNOWN;
        };
    }

    private static Outcome cel(String source, CellSignals signals) {
        CelRuntime.Program program = PROGRAMS.computeIfAbsent(source, s -> {
            try {
                return RuleCondition.CEL.createProgram(
                        RuleCondition.CEL.compile(s).getAst());
            } catch (Exception e) {
                throw new AssertionError(s, e);
            }
        });
        Map<String, Object> variables = new HashMap<>(signals.numbers());
        variables.put("signature", signals.signature());
        variables.put("rate", signals.rate());
        try {
            return Boolean.TRUE.equals(program.eval(variables)) ? Outcome.TRUE : Outcome.FALSE;
        } catch (CelEvaluationException e) {
            return Outcome.UNKNOWN;
        }
    }

    // -------- signals

    @Provide
    Arbitrary<CellSignals> finiteSignals() {
        return signals(finite());
    }

    @Provide
    Arbitrary<CellSignals> anySignals() {
        return signals(Arbitraries.frequencyOf(
                Tuple.of(6, finite()),
                Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY))));
    }

    @Provide
    Arbitrary<List<Double>> finiteValues() {
        return finite().list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<String> signalNames() {
        return Arbitraries.of(SIGNALS);
    }

    private static Arbitrary<Double> finite() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.doubles().between(-1000, 1000)), Tuple.of(2, Arbitraries.of(LITERALS)));
    }

    /** The numbers, and each signature and rate present (with a value) or missing (for CEL an error). */
    private static Arbitrary<CellSignals> signals(Arbitrary<Double> values) {
        int numbers = CellSignals.NUMBERS.size();
        return Combinators.combine(
                        values.list().ofSize(numbers),
                        values.injectNull(0.15).list().ofSize(SIGNALS.size() - numbers))
                .as((n, entries) -> {
                    Map<String, Double> byName = new HashMap<>();
                    for (int k = 0; k < SIGNALS.size(); k++) {
                        byName.put(SIGNALS.get(k), k < numbers ? n.get(k) : entries.get(k - numbers));
                    }
                    return fromNames(byName);
                });
    }

    private static CellSignals signals(double soc) {
        Map<String, Double> byName = new HashMap<>();
        SIGNALS.forEach(n -> byName.put(n, 0.1));
        byName.put("soc", soc);
        return fromNames(byName);
    }

    /** A number missing (null) is NaN: a number is always supplied, a map entry may be missing. */
    private static CellSignals fromNames(Map<String, Double> byName) {
        double[] n = new double[CellSignals.NUMBERS.size()];
        for (int k = 0; k < n.length; k++) {
            Double v = byName.get(CellSignals.NUMBERS.get(k));
            n[k] = v == null ? Double.NaN : v;
        }
        Map<String, Double> signature = new LinkedHashMap<>();
        Map<String, Double> rate = new LinkedHashMap<>();
        byName.forEach((name, v) -> {
            if (v != null && name.startsWith("signature.")) {
                signature.put(name.substring("signature.".length()), v);
            } else if (v != null && name.startsWith("rate.")) {
                rate.put(name.substring("rate.".length()), v);
            }
        });
        return new CellSignals(1, n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], signature, rate);
    }

    private static CellSignals with(CellSignals s, String name, double value) {
        Map<String, Double> byName = new HashMap<>();
        s.numbers().forEach(byName::put);
        s.signature().forEach((k, v) -> byName.put("signature." + k, v));
        s.rate().forEach((k, v) -> byName.put("rate." + k, v));
        byName.put(name, value);
        return fromNames(byName);
    }

    /** Every signal, numbers by their name, map entries as {@code signature.kind} and {@code rate.name}. */
    private static List<String> allSignals() {
        List<String> names = new ArrayList<>(CellSignals.NUMBERS);
        for (SignatureKind kind : SignatureKind.values()) {
            names.add("signature." + kind.ruleName());
        }
        CellSignals.RATE_NAMES.forEach(r -> names.add("rate." + r));
        return List.copyOf(names);
    }

    // -------- conditions

    @Provide
    Arbitrary<String> shippedConditions() {
        return Arbitraries.of(readShipped());
    }

    @Provide
    Arbitrary<String> finiteConditions() {
        return condition(3, false);
    }

    @Provide
    Arbitrary<String> anyConditions() {
        return condition(3, true);
    }

    private static Arbitrary<String> condition(int depth, boolean anyDivisor) {
        Arbitrary<String> comparison = Combinators.combine(
                        number(depth, anyDivisor),
                        Arbitraries.of("<", "<=", ">", ">=", "==", "!="),
                        number(depth, anyDivisor))
                .as((a, op, b) -> "(" + a + " " + op + " " + b + ")");
        if (depth == 0) {
            return Arbitraries.frequencyOf(Tuple.of(4, comparison), Tuple.of(1, Arbitraries.of("true", "false")));
        }
        Arbitrary<String> sub = Arbitraries.lazy(() -> condition(depth - 1, anyDivisor));
        return Arbitraries.frequencyOf(
                Tuple.of(3, comparison),
                Tuple.of(
                        3,
                        Combinators.combine(sub, Arbitraries.of("&&", "||", "==", "!="), sub)
                                .as((a, op, b) -> "(" + a + " " + op + " " + b + ")")),
                Tuple.of(1, sub.map(c -> "!" + c)),
                Tuple.of(1, Combinators.combine(sub, sub, sub).as((c, a, b) -> "(" + c + " ? " + a + " : " + b + ")")));
    }

    private static Arbitrary<String> number(int depth, boolean anyDivisor) {
        Arbitrary<String> leaf = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(LITERALS).map(String::valueOf)),
                Tuple.of(3, Arbitraries.of(SIGNALS).map(ConditionEquivalenceTest::named)));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> sub = Arbitraries.lazy(() -> number(depth - 1, anyDivisor));
        Arbitrary<String> divisor = anyDivisor ? sub : Arbitraries.of(DIVISORS).map(String::valueOf);
        return Arbitraries.frequencyOf(
                Tuple.of(4, leaf),
                Tuple.of(
                        3,
                        Combinators.combine(sub, Arbitraries.of("+", "-", "*"), sub)
                                .as((a, op, b) -> "(" + a + " " + op + " " + b + ")")),
                Tuple.of(1, Combinators.combine(sub, divisor).as((a, b) -> "(" + a + " / " + b + ")")),
                Tuple.of(1, sub.map(a -> "-" + a)),
                Tuple.of(
                        1,
                        Combinators.combine(Arbitraries.lazy(() -> condition(depth - 1, anyDivisor)), sub, sub)
                                .as((c, a, b) -> "(" + c + " ? " + a + " : " + b + ")")));
    }

    /** How a condition names a signal: {@code soc}, {@code signature['hot_spot']} or {@code rate.soc}. */
    private static String named(String signal) {
        int dot = signal.indexOf('.');
        if (dot < 0) {
            return signal;
        }
        String map = signal.substring(0, dot);
        String key = signal.substring(dot + 1);
        return key.hashCode() % 2 == 0 ? map + "['" + key + "']" : map + "." + key;
    }

    /** The {@code when} and {@code clear_when} conditions of the shipped rules file. */
    private static List<String> readShipped() {
        List<String> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(SHIPPED);
        } catch (IOException e) {
            throw new AssertionError("the shipped rules file " + SHIPPED.toAbsolutePath(), e);
        }
        Pattern field = Pattern.compile("^(\\s*)(?:- )?(when|clear_when):\\s*(.*)$");
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = field.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String value = m.group(3).replaceAll("\\s+#.*$", "").strip();
            if (value.equals(">-") || value.equals(">")) {
                StringBuilder folded = new StringBuilder();
                int indent = m.group(1).length();
                while (i + 1 < lines.size()
                        && (lines.get(i + 1).isBlank()
                                || lines.get(i + 1).indexOf(lines.get(i + 1).strip()) > indent)) {
                    folded.append(' ').append(lines.get(++i).strip());
                }
                value = folded.toString().strip();
            }
            out.add(value);
        }
        return out;
    }
}
