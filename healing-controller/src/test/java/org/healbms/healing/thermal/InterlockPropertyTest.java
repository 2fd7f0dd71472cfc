package org.healbms.healing.thermal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.healbms.healing.rules.HealingAction.ThermalActivation;

/**
 * Over thousands of random heating runs, whatever the action asks and whatever the sensors, current,
 * SoC and protection do from tick to tick: the heater is never on in a tick whose inputs break an
 * interlock, and never on outside heating and holding. The cell's temperature comes from a lumped
 * thermal model driven by the run's own duty, plus random disturbances (sensor offsets, dropouts,
 * charging, faults, ambient swings), so the runs reach every phase.
 */
class InterlockPropertyTest {

    private static final HeatingLimits LIMITS = HeatingLimits.typical();
    private static final AtomicLong TICKS = new AtomicLong();
    private static final AtomicLong RUNS = new AtomicLong();
    private static final AtomicLong HEATED_TICKS = new AtomicLong();
    private static final AtomicLong ABORTS = new AtomicLong();

    /** One tick's disturbance: what the world does besides the heater. */
    record Disturbance(
            double offsetB, boolean aOk, boolean bOk, double current, double soc, boolean fault, double ambientStep) {}

    @Provide
    Arbitrary<ThermalActivation> actions() {
        return Combinators.combine(
                        Arbitraries.doubles().between(30, 120),
                        Arbitraries.doubles().between(0, 3600),
                        Arbitraries.doubles().between(0.1, 20))
                .as(ThermalActivation::new);
    }

    /**
     * A run's world: quiet (small sensor noise, idle current, SoC in the window, slow ambient drift)
     * except for events, each a random kind (sensor offset, dropout of either sensor, charging, SoC
     * outside the window, a protection fault) at a random tick for a random number of ticks. Quiet
     * stretches are long enough for runs to get through heating into holding and cooling.
     */
    @Provide
    Arbitrary<List<Disturbance>> worlds() {
        Arbitrary<int[]> event = Combinators.combine(
                        Arbitraries.integers().between(0, 1200),
                        Arbitraries.integers().between(0, 6),
                        Arbitraries.integers().between(1, 60))
                .as((at, kind, length) -> new int[] {at, kind, length});
        return Combinators.combine(
                        Arbitraries.integers().between(50, 1200),
                        event.list().ofMaxSize(4),
                        Arbitraries.longs(),
                        Arbitraries.doubles().between(-8, 8))
                .as((ticks, events, seed, size) -> {
                    Random random = new Random(seed);
                    List<Disturbance> world = new ArrayList<>();
                    for (int k = 0; k < ticks; k++) {
                        double offset = 0.2 * random.nextGaussian();
                        boolean aOk = true;
                        boolean bOk = true;
                        double current = -0.2 * random.nextDouble();
                        double soc = 0.5;
                        boolean fault = false;
                        for (int[] e : events) {
                            if (k >= e[0] && k < e[0] + e[2]) {
                                switch (e[1]) {
                                    case 0 -> offset = size;
                                    case 1 -> aOk = false;
                                    case 2 -> bOk = false;
                                    case 3 -> current = Math.abs(size) / 2;
                                    case 4 -> soc = size > 0 ? 0.9 : 0.1;
                                    case 5 -> fault = true;
                                    default -> {} // 6: no event
                                }
                            }
                        }
                        world.add(new Disturbance(offset, aOk, bOk, current, soc, fault, 0.05 * random.nextGaussian()));
                    }
                    return world;
                });
    }

    @Property(tries = 2000)
    void theHeaterIsNeverOnWhenAnInterlockIsBroken(
            @ForAll("actions") ThermalActivation action, @ForAll("worlds") List<Disturbance> world) {
        RUNS.incrementAndGet();
        double[] temperature = {25};
        double[] duty = {0};
        double ambient = 25;
        ThermalActivationRun run = new ThermalActivationRun(
                action,
                new Interlocks(LIMITS),
                new PiTemperatureController(0.08, 0.0008),
                d -> duty[0] = d,
                0,
                temperature[0]);
        long step = 5_000_000_000L; // 5 s ticks: long runs in few ticks
        for (int k = 0; k < world.size(); k++) {
            Disturbance w = world.get(k);
            ambient = Math.clamp(ambient + w.ambientStep(), -20, 45);
            // The same lumped model as the plant: 45 J/K, 15 K/W, a 10 W heater.
            double steady = ambient + 10 * duty[0] * 15;
            temperature[0] = steady + (temperature[0] - steady) * Math.exp(-5.0 / 675.0);
            double a = temperature[0];
            double b = temperature[0] + w.offsetB();
            InterlockInputs in = new InterlockInputs(
                    (k + 1) * step, new TemperaturePair(a, w.aOk(), b, w.bOk()), w.current(), w.soc(), w.fault());
            ThermalActivationRun.Phase phase = run.step(in);
            TICKS.incrementAndGet();
            boolean broken = w.fault()
                    || !w.aOk()
                    || !w.bOk()
                    || Math.abs(a - b) > LIMITS.sensorAgreementK()
                    || Math.max(a, b) >= LIMITS.maxTemperatureDegC()
                    || w.current() > LIMITS.maxChargeCurrentA()
                    || w.soc() < LIMITS.minSoc()
                    || w.soc() > LIMITS.maxSoc();
            if (broken) {
                assertThat(duty[0]).as("tick %d, %s", k, w).isZero();
            }
            if (phase != ThermalActivationRun.Phase.HEATING && phase != ThermalActivationRun.Phase.HOLDING) {
                assertThat(duty[0]).isZero();
            }
            assertThat(duty[0]).isBetween(0.0, 1.0);
            if (duty[0] > 0) {
                HEATED_TICKS.incrementAndGet();
            }
            assertThat(run.setpoint()).isLessThanOrEqualTo(LIMITS.maxTemperatureDegC() - 5.0);
        }
        if (run.phase() == ThermalActivationRun.Phase.ABORTED) {
            ABORTS.incrementAndGet();
        }
    }

    @AfterContainer
    static void report() {
        System.out.printf(
                "interlock property: %d random runs, %d ticks (%d with the heater on, %d runs aborted by an"
                        + " interlock), no heater output in any tick that broke an interlock%n",
                RUNS.get(), TICKS.get(), HEATED_TICKS.get(), ABORTS.get());
    }
}
