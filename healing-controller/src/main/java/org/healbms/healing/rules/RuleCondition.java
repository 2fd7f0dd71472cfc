package org.healbms.healing.rules;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rule condition in CEL (the Common Expression Language): type-checked against the declared
 * signals when the rules file is loaded, so a typo or a type error is refused then, never found
 * at run time; side-effect free and without loops, so evaluating it cannot change anything or hang.
 * The signals are doubles except {@code signature} and {@code rate}, maps from name to double;
 * a missing map key is an evaluation error, which counts as "condition false", so a constant key the
 * firmware never provides is refused when the condition is compiled.
 */
public final class RuleCondition {

    /** The signals the controller supplies, and no others: a condition naming another is refused. */
    private static final Cel CEL = declare(CelFactory.standardCelBuilder())
            .addVar("signature", MapType.create(SimpleType.STRING, SimpleType.DOUBLE))
            .addVar("rate", MapType.create(SimpleType.STRING, SimpleType.DOUBLE))
            .setResultType(SimpleType.BOOL)
            .build();

    private static CelBuilder declare(CelBuilder builder) {
        CellSignals.NUMBERS.forEach(name -> builder.addVar(name, SimpleType.DOUBLE));
        return builder;
    }

    private final String source;
    private final CelRuntime.Program program;

    private RuleCondition(String source, CelRuntime.Program program) {
        this.source = source;
        this.program = program;
    }

    /** A problem in a condition: the message and where in the expression (1-based line and column). */
    public record Problem(String message, int line, int column) {}

    /** Compiles and type-checks; the problems are empty exactly when the condition is returned. */
    public static RuleCondition compile(String source, List<Problem> problems) {
        try {
            CelAbstractSyntaxTree ast = CEL.compile(source).getAst();
            List<Problem> unknownKeys = new ArrayList<>();
            ConditionKeys.check(ast, unknownKeys);
            if (!unknownKeys.isEmpty()) {
                problems.addAll(unknownKeys);
                return null;
            }
            return new RuleCondition(source, CEL.createProgram(ast));
        } catch (CelValidationException e) {
            List<Problem> found = new ArrayList<>();
            for (CelIssue issue : e.getErrors()) {
                found.add(new Problem(
                        issue.getMessage(),
                        issue.getSourceLocation().getLine(),
                        issue.getSourceLocation().getColumn() + 1));
            }
            if (found.isEmpty()) {
                found.add(new Problem(e.getMessage(), 1, 1));
            }
            problems.addAll(found);
            return null;
        } catch (CelEvaluationException e) {
            problems.add(new Problem(e.getMessage(), 1, 1));
            return null;
        }
    }

    public String source() {
        return source;
    }

    /** True only when the condition evaluates to true; an evaluation error is false. */
    public boolean test(CellSignals signals) {
        return test(signals.variables());
    }

    boolean test(Map<String, Object> variables) {
        try {
            // Through a resolver, not eval(Map): that copies the map into an activation on every call,
            // and the firmware evaluates every rule on every cell ten times a second.
            CelVariableResolver resolver = name -> Optional.ofNullable(variables.get(name));
            return Boolean.TRUE.equals(program.eval(resolver));
        } catch (CelEvaluationException e) {
            return false;
        }
    }
}
