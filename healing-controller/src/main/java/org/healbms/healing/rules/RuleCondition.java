package org.healbms.healing.rules;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelSource;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule condition in CEL (the Common Expression Language): type-checked against the declared
 * signals when the rules file is loaded, so a typo or a type error is refused then, never found
 * at run time; side-effect free and without loops, so evaluating it cannot change anything or hang.
 * The signals are doubles except {@code signature} and {@code rate}, maps from name to double;
 * a constant key the firmware never provides is refused when the condition is compiled.
 *
 * <p>CEL parses and checks the condition; the checked expression is then compiled to a tree over a
 * cell's row of signals ({@link ConditionCompiler}) that evaluates without allocating, with CEL's
 * results except that a comparison meeting a NaN is unknown rather than false ({@link Verdict}), so
 * a signal that is not known never makes a rule fire. A condition outside what the tree covers is
 * refused at load time.
 */
public final class RuleCondition {

    /** The signals the controller supplies, and no others: a condition naming another is refused. */
    static final Cel CEL = declare(CelFactory.standardCelBuilder())
            .addVar("signature", MapType.create(SimpleType.STRING, SimpleType.DOUBLE))
            .addVar("rate", MapType.create(SimpleType.STRING, SimpleType.DOUBLE))
            .setResultType(SimpleType.BOOL)
            .build();

    private static CelBuilder declare(CelBuilder builder) {
        CellSignals.NUMBERS.forEach(name -> builder.addVar(name, SimpleType.DOUBLE));
        return builder;
    }

    private final String source;
    private final Verdict verdict;

    private RuleCondition(String source, Verdict verdict) {
        this.source = source;
        this.verdict = verdict;
    }

    /** A problem in a condition: the message and where in the expression (1-based line and column). */
    public record Problem(String message, int line, int column) {

        /** A problem at the checked expression {@code exprId} of {@code source}. */
        static Problem at(CelSource source, long exprId, String message) {
            Integer offset = source.getPositionsMap().get(exprId);
            CelSourceLocation at = offset == null
                    ? CelSourceLocation.of(1, 0)
                    : source.getOffsetLocation(offset).orElse(CelSourceLocation.of(1, 0));
            return new Problem(message, at.getLine(), at.getColumn() + 1);
        }
    }

    /** Compiles and type-checks; the problems are empty exactly when the condition is returned. */
    public static RuleCondition compile(String source, List<Problem> problems) {
        try {
            CelAbstractSyntaxTree ast = CEL.compile(source).getAst();
            List<Problem> found = new ArrayList<>();
            ConditionKeys.check(ast, found);
            Verdict verdict = found.isEmpty() ? ConditionCompiler.compile(ast, found) : null;
            problems.addAll(found);
            return found.isEmpty() ? new RuleCondition(source, verdict) : null;
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
        }
    }

    public String source() {
        return source;
    }

    /** True only when the condition holds for the cell in {@code row}; unknown is false. */
    public boolean test(SignalTable signals, int row) {
        return verdict(signals, row) == Verdict.TRUE;
    }

    /** True only when the condition holds for these signals; unknown is false. */
    public boolean test(CellSignals signals) {
        SignalTable table = new SignalTable();
        signals.writeTo(table);
        return test(table, 0);
    }

    /** {@link Verdict#TRUE}, {@link Verdict#FALSE} or {@link Verdict#UNKNOWN} for the cell in {@code row}. */
    int verdict(SignalTable signals, int row) {
        return verdict.at(signals.values(), signals.offset(row));
    }
}
