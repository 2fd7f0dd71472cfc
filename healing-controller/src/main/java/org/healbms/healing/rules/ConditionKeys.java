package org.healbms.healing.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelSource;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.healbms.core.signature.SignatureKind;

/**
 * Refuses a condition that names a signature or a rate the firmware never provides. CEL type-checks
 * {@code signature['hot_spots']} as a valid map lookup, and at run time a missing key makes the
 * condition false, so a misspelt name would be a rule that silently never fires. Only constant keys
 * can be checked; a computed key is left to run time.
 */
final class ConditionKeys {

    static final Set<String> SIGNATURES = signatureNames();
    static final Set<String> RATES = Set.copyOf(CellSignals.RATE_NAMES);

    private final CelSource source;
    private final List<RuleCondition.Problem> problems;

    private ConditionKeys(CelSource source, List<RuleCondition.Problem> problems) {
        this.source = source;
        this.problems = problems;
    }

    /** Adds a problem for every constant key of {@code signature} or {@code rate} that does not exist. */
    static void check(CelAbstractSyntaxTree ast, List<RuleCondition.Problem> problems) {
        new ConditionKeys(ast.getSource(), problems).visit(ast.getExpr());
    }

    private void visit(CelExpr e) {
        switch (e.getKind()) {
            case CALL -> {
                CelExpr.CelCall call = e.call();
                if (call.function().equals("_[_]") && call.args().size() == 2) {
                    CelExpr key = call.args().get(1);
                    if (key.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                            && key.constant().getKind() == CelConstant.Kind.STRING_VALUE) {
                        checkKey(call.args().get(0), key.constant().stringValue(), key.id());
                    }
                }
                call.target().ifPresent(this::visit);
                call.args().forEach(this::visit);
            }
            case SELECT -> {
                checkKey(e.select().operand(), e.select().field(), e.id());
                visit(e.select().operand());
            }
            case LIST -> e.list().elements().forEach(this::visit);
            case MAP ->
                e.map().entries().forEach(entry -> {
                    visit(entry.key());
                    visit(entry.value());
                });
            case COMPREHENSION -> {
                CelExpr.CelComprehension c = e.comprehension();
                visit(c.iterRange());
                visit(c.accuInit());
                visit(c.loopCondition());
                visit(c.loopStep());
                visit(c.result());
            }
            default -> {}
        }
    }

    private void checkKey(CelExpr map, String key, long id) {
        if (map.getKind() != CelExpr.ExprKind.Kind.IDENT) {
            return;
        }
        Set<String> known = switch (map.ident().name()) {
            case "signature" -> SIGNATURES;
            case "rate" -> RATES;
            default -> null;
        };
        if (known != null && !known.contains(key)) {
            problems.add(RuleCondition.Problem.at(
                    source,
                    id,
                    "'" + key + "' is not a " + map.ident().name() + " the firmware provides; known: "
                            + String.join(", ", new TreeSet<>(known))));
        }
    }

    private static Set<String> signatureNames() {
        Set<String> names = new TreeSet<>();
        for (SignatureKind kind : SignatureKind.values()) {
            names.add(kind.ruleName());
        }
        return Set.copyOf(names);
    }
}
