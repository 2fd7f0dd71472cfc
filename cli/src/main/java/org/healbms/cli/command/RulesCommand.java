package org.healbms.cli.command;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.healbms.healing.rules.Rule;
import org.healbms.healing.rules.RuleSet;
import org.healbms.io.rules.RulesFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code healbms rules}: healing rule files. */
@Command(
        name = "rules",
        mixinStandardHelpOptions = true,
        description = "Healing rule files.",
        subcommands = RulesCommand.Check.class)
public final class RulesCommand {

    /** {@code healbms rules check FILE}: validates a rules file completely. */
    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description =
                    "Validate a rules file: fields, actions and every condition type-checked; exit 2 with every problem.")
    static final class Check implements Callable<Integer> {

        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws Exception {
            RuleSet set = RulesFile.read(file);
            System.out.printf("%s: %d rules, valid%n", file, set.rules().size());
            for (Rule r : set.rules()) {
                System.out.printf(
                        "  %-40s %-18s priority %d%s%n",
                        r.id(), r.action().type(), r.priority(), r.advisory() ? ", advisory" : "");
            }
            return 0;
        }
    }
}
