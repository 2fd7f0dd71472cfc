package org.healbms.sim.board;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import org.healbms.sim.device.can.InverterEmulator;
import org.healbms.sim.plant.PackPlant;

/**
 * A recording behind the board's inverter, which closes the loop through the BMS: the recording's
 * current is what the load or the charger wanted, and the pack carries what the inverter delivers of it
 * under the limits and enables the firmware sends on CAN, with the inverter's lag. Open contactors
 * carry nothing whatever the inverter does.
 *
 * <p>The cells' voltages and temperatures stay the recording's: a recording cannot tell what its cells
 * would have read at another current. What the loop shows is the current, which the firmware measures
 * on its shunts as it would on a board.
 */
final class InverterFedRecording implements PackPlant {

    private final PackPlant recording;
    private final InverterEmulator inverter;
    private volatile BooleanSupplier conducting = () -> true;

    InverterFedRecording(PackPlant recording, InverterEmulator inverter) {
        this.recording = recording;
        this.inverter = inverter;
    }

    /** Puts the pack behind a switch (the contactors): open, no current flows. */
    void connectThrough(BooleanSupplier closed) {
        this.conducting = closed;
    }

    @Override
    public int cells() {
        return recording.cells();
    }

    /** The inverter reads the BMS's frames and moves its current on towards what the recording drew. */
    @Override
    public void advanceTo(double elapsedS) {
        recording.advanceTo(elapsedS);
        inverter.advanceTo(elapsedS, recording.currentA(elapsedS));
    }

    @Override
    public double cellVoltage(int cell, double elapsedS) {
        return recording.cellVoltage(cell, elapsedS);
    }

    @Override
    public double currentA(double elapsedS) {
        return conducting.getAsBoolean() ? inverter.currentA() : 0.0;
    }

    @Override
    public double temperatureDegC(int cell, double elapsedS) {
        return recording.temperatureDegC(cell, elapsedS);
    }

    @Override
    public double hoopStrain(int cell, double elapsedS) {
        return recording.hoopStrain(cell, elapsedS);
    }

    @Override
    public Optional<DoubleConsumer> heater(int cell, double powerW) {
        return recording.heater(cell, powerW);
    }
}
