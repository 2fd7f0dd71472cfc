package org.healbms.cli.command;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Progress bars for long work, on stderr and only when a person watches a terminal: in pipes and
 * scripts they would be noise in the log, and stdout stays the command's answer (its JSON line last).
 */
final class TerminalProgress {

    private TerminalProgress() {}

    /** A bar counting to {@code max} (unknown if {@code max <= 0}), or null when nobody watches. */
    static ProgressBar open(String task, long max, String unit) {
        if (System.console() == null || !System.console().isTerminal()) {
            return null;
        }
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max > 0 ? max : -1)
                .setUnit(unit, 1)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
    }
}
