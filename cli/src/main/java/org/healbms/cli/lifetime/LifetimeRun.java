package org.healbms.cli.lifetime;

import java.io.IOException;
import java.time.Duration;
import java.util.function.DoubleConsumer;
import org.healbms.core.pack.PackState;
import org.healbms.firmware.runtime.VirtualRun;
import org.healbms.firmware.telemetry.TelemetrySnapshot;
import org.healbms.healing.rules.Rule;
import org.healbms.sim.plant.AgeingPackPlant;

/**
 * The lifetime loop: the firmware is ticked at its real period whenever anything moves in the pack
 * (current the usage asks for and the charger lets flow, a heater on) and for a while after, so its
 * rules can fire at rest; otherwise the run leaps to the usage's next change in one tick, over which
 * the plant ages in one step.
 */
final class LifetimeRun {

    /**
     * After the pack falls still the firmware is watched this long before a leap, s, and for as long
     * again as its rules' longest persistence ({@link #watchS}): a rule whose condition began to hold
     * at the end of a drive then fires when it would on a board ticked all day, not on the tick after
     * the leap, at the usage's next change (the evening's charge, which then ended the dose it began).
     */
    static final double REST_WATCH_S = 600.0;

    /** How the time went. */
    record Counts(long ticks, long leaps) {}

    private LifetimeRun() {}

    /**
     * Runs the life to {@code endS}; {@code stepped} is told the time after every tick and leap (the
     * firmware's state and the plant's truth are then those of that moment).
     */
    static Counts run(
            VirtualRun run,
            AgeingPackPlant plant,
            LifetimeScore score,
            DoubleConsumer stepped,
            double endS,
            double tickS)
            throws IOException {
        long leaps = 0;
        double lastActiveS = 0;
        double watchS = watchS(run);
        while (seconds(run.elapsed()) + tickS <= endS && run.firmware().state() != PackState.SHUTDOWN) {
            double now = seconds(run.elapsed());
            TelemetrySnapshot before = run.firmware().snapshot();
            if (before != null) {
                // The load and the charge (regeneration, the charger) respect the firmware's published
                // limits, as a vehicle's controller and a charger on the BMS's bus do.
                plant.limitLoad(before.dischargeLimitA());
                plant.limitCharge(before.chargeLimitA());
            }
            boolean busy = plant.active()
                    || (before != null && before.cells().stream().anyMatch(TelemetrySnapshot.Cell::heating));
            if (busy) {
                lastActiveS = now;
            }
            double next = Math.min(plant.nextChangeS(), endS);
            if (busy || now - lastActiveS < watchS || next - now < 2 * tickS) {
                run.tick();
                score.tick(plant.pack(), run.firmware().snapshot());
            } else {
                run.leap(Duration.ofNanos(Math.round((next - now - tickS) * 1e9)));
                leaps++;
            }
            stepped.accept(seconds(run.elapsed()));
        }
        return new Counts(score.ticks(), leaps);
    }

    /** How long the firmware is watched after the pack falls still (see {@link #REST_WATCH_S}), s. */
    static double watchS(VirtualRun run) {
        double longest = run.firmware().healing().engine().rules().rules().stream()
                .mapToDouble(Rule::forS)
                .max()
                .orElse(0.0);
        return REST_WATCH_S + longest;
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
