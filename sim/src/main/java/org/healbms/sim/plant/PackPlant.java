package org.healbms.sim.plant;

import java.util.Optional;
import java.util.function.DoubleConsumer;
import org.healbms.drivers.platform.Charger;

/**
 * What a board's emulated chips measure: a pack's cells, current and temperatures at a time since the
 * start. A recorded plant looks the time up; a modelled one is moved on to it by {@link #advanceTo}
 * before the reads at that time.
 */
public interface PackPlant {

    int cells();

    /** Moves the plant on to {@code elapsedS}; called before the reads at that time. */
    default void advanceTo(double elapsedS) {}

    /** Terminal voltage of cell {@code cell} (1-based), V. */
    double cellVoltage(int cell, double elapsedS);

    /** Pack current, A, positive on charge. */
    double currentA(double elapsedS);

    default double packVoltage(double elapsedS) {
        double sum = 0;
        for (int c = 1; c <= cells(); c++) {
            sum += cellVoltage(c, elapsedS);
        }
        return sum;
    }

    /** Surface temperature of a cell, degC: where its thermistor sits. */
    double temperatureDegC(int cell, double elapsedS);

    /** Hoop strain of a cell's can (fraction). */
    double hoopStrain(int cell, double elapsedS);

    /**
     * A heater of {@code powerW} on a cell's can, driven by its PWM duty, whose heat this plant models;
     * empty where the board has to model the heater's rise itself (a recording knows nothing of it).
     */
    default Optional<DoubleConsumer> heater(int cell, double powerW) {
        return Optional.empty();
    }

    /** The charger in front of the pack that a firmware commands; empty for a recording. */
    default Optional<Charger> charger() {
        return Optional.empty();
    }
}
