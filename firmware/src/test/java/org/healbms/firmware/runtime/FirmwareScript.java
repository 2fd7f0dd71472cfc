package org.healbms.firmware.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A scripted run of the whole firmware on its virtual clock, in the manner of OpenEMS's controller
 * tests: steps at set times, each an input given to the firmware (a command, as CoAP would send it) or
 * an expectation of its outputs. The plant's inputs are the bench's trace. Steps run in time order,
 * the firmware ticking to each step's time first; a failed expectation names its step and time.
 */
final class FirmwareScript {

    /** What a step does with the firmware. */
    @FunctionalInterface
    interface Action {
        void on(Firmware firmware) throws Exception;
    }

    private record Step(Duration at, String what, Action action, int order) {}

    private final VirtualRun run;
    private final List<Step> steps = new ArrayList<>();

    FirmwareScript(VirtualRun run) {
        this.run = run;
    }

    /** At {@code seconds} since the start, gives the firmware {@code input}. */
    FirmwareScript input(double seconds, String what, Action input) {
        steps.add(new Step(at(seconds), "input: " + what, input, steps.size()));
        return this;
    }

    /** At {@code seconds} since the start, checks {@code expectation}. */
    FirmwareScript expect(double seconds, String what, Action expectation) {
        steps.add(new Step(at(seconds), "expect: " + what, expectation, steps.size()));
        return this;
    }

    /** Runs every step; the firmware is left where the last one was. */
    void run() throws Exception {
        steps.sort(Comparator.comparing(Step::at).thenComparingInt(Step::order));
        for (Step s : steps) {
            run.runUntil(s.at());
            try {
                s.action().on(run.firmware());
            } catch (AssertionError e) {
                throw new AssertionError(
                        "at " + s.at().toMillis() / 1000.0 + " s, " + s.what() + ": " + e.getMessage(), e);
            }
        }
    }

    private static Duration at(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
