package org.healbms.healing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.healbms.core.signature.SignatureKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A condition that CEL accepts but the firmware's compiled evaluator does not cover is refused, and says why. */
class RuleConditionTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "size(rate) > 0 ; 1 ; 5  ; the function size()",
                "soc in [0.1, 0.2] ; 1 ; 5  ; the operator in",
                "1 + 2 > 2 ; 1 ; 3  ; + on other than numbers (integer arithmetic)",
                "soc > 0.3 && int(soc) > 0 ; 1 ; 17 ; the function int()",
                "rate['s' + 'oc'] > 0.0 ; 1 ; 10 ; a computed key",
                "'a' < 'b' ; 1 ; 1  ; a string",
                "[soc, current].size() > 1 ; 1 ; 20 ; the function size()",
            })
    void aConstructOutsideTheCompiledSubsetIsRefusedWhereItIs(String source, int line, int column, String construct) {
        List<RuleCondition.Problem> problems = new ArrayList<>();
        assertThat(RuleCondition.compile(source, problems)).isNull();
        assertThat(problems).isNotEmpty();
        RuleCondition.Problem first = problems.getFirst();
        assertThat(first.message()).contains(construct);
        assertThat(first.line()).isEqualTo(line);
        assertThat(first.column()).isEqualTo(column);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "(soc > 0.3 ? soc * 2.0 : -soc) >= 1.0 == true ; 0.5 ; true",
                "!(signature.plating_risk > 0.0) || soc / 0.0 > 1.0 ; 0.2 ; true",
                "soc - 0.1 != 0.4 && rate['soc'] < 1.0 ; 0.5 ; false",
            })
    void whatTheSubsetCoversCompilesAndHolds(String source, double soc, boolean holds) {
        List<RuleCondition.Problem> problems = new ArrayList<>();
        RuleCondition c = RuleCondition.compile(source, problems);
        assertThat(problems).isEmpty();
        SignalTable table = new SignalTable();
        int row = table.add(1);
        table.set(row, SignalSlots.SOC, soc);
        table.set(row, SignalSlots.signature(SignatureKind.PLATING_RISK), 0.0);
        table.set(row, SignalSlots.rate("soc"), 0.0);
        assertThat(c.test(table, row)).isEqualTo(holds);
    }
}
