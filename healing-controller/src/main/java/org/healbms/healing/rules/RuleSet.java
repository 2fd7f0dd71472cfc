package org.healbms.healing.rules;

import java.util.List;

/** A validated set of rules, as loaded from one rules file. Immutable, so it can be swapped whole. */
public record RuleSet(String name, List<Rule> rules) {

    public RuleSet {
        rules = List.copyOf(rules);
    }
}
