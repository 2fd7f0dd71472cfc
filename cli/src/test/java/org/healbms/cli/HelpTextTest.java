package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's help reads as prose, names its defaults and warns about nothing. */
class HelpTextTest {

    private static List<CommandLine> all(CommandLine cli) {
        List<CommandLine> out = new ArrayList<>(List.of(cli));
        for (Map.Entry<String, CommandLine> sub : cli.getSubcommands().entrySet()) {
            if (sub.getValue().getCommandSpec().parent() == cli.getCommandSpec()) {
                out.addAll(all(sub.getValue()));
            }
        }
        return out;
    }

    private static String usage(CommandLine c) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String text = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .as("picocli warnings for " + c.getCommandName())
                    .isEmpty();
            return text;
        } finally {
            System.setErr(oldErr);
        }
    }

    @Test
    void theCommandListShowsWholeSentences() {
        CommandLine root = HealBms.commandLine();
        String help = usage(root);
        for (CommandLine c : all(root)) {
            String summary = c.getCommandSpec().usageMessage().description()[0];
            assertThat(summary).as(c.getCommandSpec().qualifiedName()).endsWith(".");
        }
        // the list line of a command whose description ran over several source lines ends its sentence
        assertThat(help.replaceAll("\\s+", " "))
                .contains("identify-cc Identify a cell's OCV (discharge branch) and DC resistance"
                        + " from constant-current discharges at two or more rates from the same start state;");
        assertThat(help).contains("help ");
    }

    @Test
    void everyDefaultValueIsShownAndNoHelpWarns() {
        for (CommandLine c : all(HealBms.commandLine())) {
            // picocli may wrap a list default after a comma
            String text = usage(c).replaceAll("\\s+", " ").replace(", ", ",");
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (o.defaultValue() != null && !o.usageHelp() && !o.versionHelp()) {
                    assertThat(text)
                            .as(c.getCommandSpec().qualifiedName() + " " + o.longestName())
                            .containsPattern("(?i)default:? " + Pattern.quote(o.defaultValue()));
                }
            }
        }
    }

    @Test
    void helpIsACommand() {
        CliRun r = CliRun.of("help", "replay");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: healbms replay");
    }
}
