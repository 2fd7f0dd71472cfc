package org.healbms.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Lays out every command's help the same way. The commands write their descriptions as several
 * source lines for readability; picocli prints each element on a line of its own, so a sentence
 * broke wherever the source did, and the command list showed only the first line, cut mid-sentence.
 * Here the lines are joined and split again into the first sentence (what the command list shows) and
 * the rest as one paragraph, both wrapped by picocli at the terminal's width.
 */
final class UsageText {

    private UsageText() {}

    static void apply(CommandLine cli) {
        UsageMessageSpec usage = cli.getCommandSpec().usageMessage();
        String[] lines = usage.description();
        if (lines.length > 0) {
            // The command list shows the first element: a whole sentence, then the rest as a paragraph.
            String paragraph = String.join(" ", stripped(lines));
            String summary = firstSentence(paragraph);
            String rest = paragraph.substring(summary.length()).strip();
            usage.description(rest.isEmpty() ? new String[] {summary} : new String[] {summary, rest});
        }
        usage.abbreviateSynopsis(false);
        for (CommandLine sub : cli.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (spec.parent() == cli.getCommandSpec()) {
                apply(sub);
            }
        }
    }

    /** The text up to the first full stop that ends a sentence (not one inside "e.g." or a number). */
    static String firstSentence(String paragraph) {
        for (int k = 0; k < paragraph.length() - 1; k++) {
            if (paragraph.charAt(k) == '.' && paragraph.charAt(k + 1) == ' ' && !abbreviation(paragraph, k)) {
                return paragraph.substring(0, k + 1);
            }
        }
        return paragraph;
    }

    private static boolean abbreviation(String text, int dot) {
        for (String a : List.of("e.g", "i.e", "etc", "vs")) {
            if (dot >= a.length() && text.startsWith(a, dot - a.length())) {
                return true;
            }
        }
        return false;
    }

    private static List<String> stripped(String[] lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                out.add(line.strip());
            }
        }
        return out;
    }
}
