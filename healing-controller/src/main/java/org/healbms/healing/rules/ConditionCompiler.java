package org.healbms.healing.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import java.util.List;
import java.util.Map;

/**
 * Turns a type-checked CEL condition into a tree of {@link Verdict}s and {@link Reading}s over a
 * cell's row of signals, which evaluates without allocating (the CEL interpreter builds frames,
 * results and argument lists for every call, and the firmware evaluates every rule on every cell
 * once a second). CEL stays the language: it parses and type-checks the rules file and gives its
 * messages. The tree covers what the rules language needs (number literals, the signals,
 * {@code signature['...']} and {@code rate['...']} with a constant key, {@code + - * /} and unary
 * minus, the six comparisons, {@code == !=} between truth values, {@code && || !}, {@code ?:}); a
 * condition with anything else is refused here, when the rules file is loaded or checked, with the
 * construct named and where it is.
 */
final class ConditionCompiler {

    /** What the refusals list as the language: what this compiler turns into a tree. */
    static final String SUBSET =
            "numbers, the signals, signature['...'], rate['...'], + - * /, < <= > >= == !=," + " &&, ||, !, ?:";

    private static final Map<String, Verdict.Relation> RELATIONS = Map.of(
            "_<_", Verdict.Relation.LESS,
            "_<=_", Verdict.Relation.LESS_OR_EQUAL,
            "_>_", Verdict.Relation.GREATER,
            "_>=_", Verdict.Relation.GREATER_OR_EQUAL,
            "_==_", Verdict.Relation.EQUAL,
            "_!=_", Verdict.Relation.NOT_EQUAL);

    /** How CEL's operator functions read in a rule, for the refusal's message. */
    private static final Map<String, String> OPERATORS = Map.ofEntries(
            Map.entry("_%_", "the operator %"),
            Map.entry("@in", "the operator in"),
            Map.entry("_[_]", "an index"),
            Map.entry("_+_", "+ on other than numbers"),
            Map.entry("_-_", "- on other than numbers"),
            Map.entry("_*_", "* on other than numbers"),
            Map.entry("_/_", "/ on other than numbers"),
            Map.entry("-_", "unary - on other than numbers"));

    private final CelAbstractSyntaxTree ast;
    private final List<RuleCondition.Problem> problems;

    private ConditionCompiler(CelAbstractSyntaxTree ast, List<RuleCondition.Problem> problems) {
        this.ast = ast;
        this.problems = problems;
    }

    /** The compiled condition, or null with a problem added for every construct outside the subset. */
    static Verdict compile(CelAbstractSyntaxTree ast, List<RuleCondition.Problem> problems) {
        int before = problems.size();
        Verdict v = new ConditionCompiler(ast, problems).verdict(ast.getExpr());
        return problems.size() == before ? v : null;
    }

    private Verdict verdict(CelExpr e) {
        if (e.getKind() == CelExpr.ExprKind.Kind.CONSTANT && e.constant().getKind() == CelConstant.Kind.BOOLEAN_VALUE) {
            return new Verdict.Constant(e.constant().booleanValue());
        }
        if (e.getKind() != CelExpr.ExprKind.Kind.CALL || e.call().target().isPresent()) {
            return refuse(e);
        }
        List<CelExpr> args = e.call().args();
        String function = e.call().function();
        return switch (function) {
            case "_&&_" -> new Verdict.And(verdict(args.get(0)), verdict(args.get(1)));
            case "_||_" -> new Verdict.Or(verdict(args.get(0)), verdict(args.get(1)));
            case "!_" -> new Verdict.Not(verdict(args.get(0)));
            case "_?_:_" -> new Verdict.Choice(verdict(args.get(0)), verdict(args.get(1)), verdict(args.get(2)));
            default -> {
                Verdict.Relation relation = RELATIONS.get(function);
                if (relation == null) {
                    yield refuse(e);
                }
                if (kind(args.get(0)) == CelKind.BOOL
                        && (relation == Verdict.Relation.EQUAL || relation == Verdict.Relation.NOT_EQUAL)) {
                    yield new Verdict.Sameness(
                            relation == Verdict.Relation.EQUAL, verdict(args.get(0)), verdict(args.get(1)));
                }
                yield new Verdict.Comparison(relation, reading(args.get(0)), reading(args.get(1)));
            }
        };
    }

    private Reading reading(CelExpr e) {
        if (kind(e) != CelKind.DOUBLE) {
            return refuseReading(e);
        }
        return switch (e.getKind()) {
            case CONSTANT ->
                e.constant().getKind() == CelConstant.Kind.DOUBLE_VALUE
                        ? new Reading.Constant(e.constant().doubleValue())
                        : refuseReading(e);
            case IDENT -> signal(e, SignalSlots.number(e.ident().name()));
            case SELECT ->
                e.select().testOnly()
                        ? refuseReading(e)
                        : entry(e, e.select().operand(), e.select().field());
            case CALL -> call(e);
            default -> refuseReading(e);
        };
    }

    private Reading call(CelExpr e) {
        if (e.call().target().isPresent()) {
            return refuseReading(e);
        }
        List<CelExpr> args = e.call().args();
        return switch (e.call().function()) {
            case "-_" -> new Reading.Negation(reading(args.get(0)));
            case "_+_" -> new Reading.Sum(reading(args.get(0)), reading(args.get(1)));
            case "_-_" -> new Reading.Difference(reading(args.get(0)), reading(args.get(1)));
            case "_*_" -> new Reading.Product(reading(args.get(0)), reading(args.get(1)));
            case "_/_" -> new Reading.Quotient(reading(args.get(0)), reading(args.get(1)));
            case "_?_:_" -> new Reading.Choice(verdict(args.get(0)), reading(args.get(1)), reading(args.get(2)));
            case "_[_]" -> {
                CelExpr key = args.get(1);
                if (key.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                        || key.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
                    problem(key, "a computed key: name the " + mapName(args.get(0)) + " with a constant, e.g. ['...']");
                    yield null;
                }
                yield entry(e, args.get(0), key.constant().stringValue());
            }
            default -> refuseReading(e);
        };
    }

    /** {@code signature['kind']} or {@code rate['name']} (or the same with a dot). */
    private Reading entry(CelExpr e, CelExpr map, String key) {
        if (map.getKind() != CelExpr.ExprKind.Kind.IDENT) {
            return refuseReading(e);
        }
        return switch (map.ident().name()) {
            case "signature" -> signal(e, SignalSlots.signature(key));
            case "rate" -> signal(e, SignalSlots.rate(key));
            default -> refuseReading(e);
        };
    }

    private Reading signal(CelExpr e, int slot) {
        return slot < 0 ? refuseReading(e) : new Reading.Signal(slot);
    }

    private static String mapName(CelExpr map) {
        return map.getKind() == CelExpr.ExprKind.Kind.IDENT ? map.ident().name() + " entry" : "entry";
    }

    private CelKind kind(CelExpr e) {
        return ast.getType(e.id()).map(t -> t.kind()).orElse(CelKind.UNSPECIFIED);
    }

    private Reading refuseReading(CelExpr e) {
        refuse(e);
        return null;
    }

    private Verdict refuse(CelExpr e) {
        problem(e, construct(e) + " is not in the rules language the firmware evaluates (" + SUBSET + ")");
        return null;
    }

    private void problem(CelExpr e, String message) {
        problems.add(RuleCondition.Problem.at(ast.getSource(), e.id(), message));
    }

    /** The construct as a rule author would name it. */
    private String construct(CelExpr e) {
        return switch (e.getKind()) {
            case CONSTANT ->
                switch (e.constant().getKind()) {
                    case INT64_VALUE ->
                        "the integer " + e.constant().int64Value() + " (write "
                                + e.constant().int64Value() + ".0: the rules compute in doubles)";
                    case UINT64_VALUE -> "the unsigned integer " + e.constant().uint64Value();
                    case STRING_VALUE -> "a string";
                    case BYTES_VALUE -> "bytes";
                    case NULL_VALUE -> "null";
                    default -> "the constant " + e.constant().getKind().name().toLowerCase();
                };
            case IDENT ->
                "'" + e.ident().name() + "' as a whole (name one entry: "
                        + e.ident().name() + "['...'])";
            case SELECT ->
                e.select().testOnly() ? "has()" : "the field ." + e.select().field();
            case CALL -> {
                String function = e.call().function();
                String operator = OPERATORS.get(function);
                if (operator != null) {
                    yield operator + (kind(e) == CelKind.INT || kind(e) == CelKind.UINT ? " (integer arithmetic)" : "");
                }
                yield function.startsWith("_") || function.startsWith("!")
                        ? "the operator " + function.replace("_", " ").strip() + " on "
                                + kind(e.call().args().get(0)).name().toLowerCase()
                        : "the function " + function + "()";
            }
            case LIST -> "a list";
            case MAP -> "a map";
            case STRUCT -> "a message";
            case COMPREHENSION -> "a macro (all, exists, exists_one, map, filter)";
            default -> "this expression";
        };
    }
}
