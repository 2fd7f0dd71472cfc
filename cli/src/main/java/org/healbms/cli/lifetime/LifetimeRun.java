package org.healbms.cli.lifetime;

import java.io.IOException;
import java.time.Duration;
import org.healbms.core.pack.PackState;
import org.healbms.firmware.runtime.VirtualRun;
import org.healbms.firmware.telemetry.TelemetrySnapshot;
import org.healbms.sim.plant.AgeingPackPlant;

/**
 * The lifetime loop: the firmware is ticked at its real period whenever anything moves in the pack
 * (current the usage asks for and the charger lets flow, a heater on). For a while after the pack falls
 * still it is watched once a {@link #WATCH_STEP_S second}, so its rules can fire at rest (their
 * persistence runs on the firmware's clock, not on a count of ticks); then the run leaps to the usage's
 * next change in one tick, over which the plant ages in one step.
 */
final class LifetimeRun {

    /** After the pack falls still the firmware is watched this long before a leap, s. */
    static final double REST_WATCH_S = 600.0;
    /**
     * The watch's tick, s: a still pack changes slowly, and a rule's persistence (5 s and more in the
     * rules shipped) or a fault's debounce runs on the clock; short enough that the cell monitor's
     * watchdog (1.8 s) does not sleep the chain between two ticks. A tenth of the ticks of watching at
     * the board's period.
     */
    static final double WATCH_STEP_S = 1.0;

    /** How the time went. */
    record Counts(long ticks, long leaps) {}

    private LifetimeRun() {}

    static Counts run(VirtualRun run, AgeingPackPlant plant, LifetimeScore score, double endS, double tickS)
            throws IOException {
        long leaps = 0;
        double lastActiveS = 0;
        while (seconds(run.elapsed()) + tickS <= endS && run.firmware().state() != PackState.SHUTDOWN) {
            double now = seconds(run.elapsed());
            TelemetrySnapshot before = run.firmware().snapshot();
            if (before != null) {
                // The load respects the firmware's discharge limit, as a vehicle's controller does.
                plant.limitLoad(before.dischargeLimitA());
            }
            boolean busy = plant.active()
                    || (before != null && before.cells().stream().anyMatch(TelemetrySnapshot.Cell::heating));
            if (busy) {
                lastActiveS = now;
            }
            double next = Math.min(plant.nextChangeS(), endS);
            if (busy || next - now < 2 * tickS) {
                run.tick();
                score.tick(plant.pack(), run.firmware().snapshot(), tickS);
            } else if (now - lastActiveS < REST_WATCH_S) {
                double step = Math.min(WATCH_STEP_S, next - now - tickS);
                run.leap(Duration.ofNanos(Math.round(step * 1e9)));
                score.tick(plant.pack(), run.firmware().snapshot(), step);
            } else {
                run.leap(Duration.ofNanos(Math.round((next - now - tickS) * 1e9)));
                leaps++;
            }
        }
        return new Counts(score.ticks(), leaps);
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
