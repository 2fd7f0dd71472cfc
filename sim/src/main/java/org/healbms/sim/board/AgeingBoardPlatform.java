package org.healbms.sim.board;

import java.io.IOException;
import java.util.Optional;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.drivers.bus.DeviceClock;
import org.healbms.drivers.platform.Charger;
import org.healbms.sim.plant.AgeingPackPlant;

/**
 * An emulated board on the ageing plant: its chips measure the plant, its heaters heat it, the
 * firmware's charger commands reach its charger, and its contactors decide whether the load and the
 * charger reach the pack at all. With CAN on the board, the charger and the load also hold to what the
 * inverter emulator allows under the firmware's limits (without the inverter's lag: the plant's own
 * charger is what moves its current). What a lifetime run opens instead of the trace-fed platform.
 */
public final class AgeingBoardPlatform extends EmulatedBoardPlatform {

    private final AgeingPackPlant plant;

    private AgeingBoardPlatform(
            EmulatedBoard emulated, EmulatedContactors contactors, AgeingPackPlant plant, boolean pacedSweeps) {
        super(emulated, contactors, pacedSweeps);
        this.plant = plant;
    }

    /**
     * The board's devices as emulators on {@code plant}, converting on the drivers' {@code clock} (a lifetime
     * run's virtual one), with sweeps paced on the wall clock or not.
     */
    public static AgeingBoardPlatform open(
            BoardDescription board, AgeingPackPlant plant, boolean pacedSweeps, DeviceClock clock) throws IOException {
        if (board.cells() != plant.cells()) {
            throw new IllegalArgumentException(
                    "board " + board.name() + " has " + board.cells() + " cells, the plant " + plant.cells());
        }
        EmulatedBoard emulated = new EmulatedBoard(board, plant, clock);
        // The same contactors as on the trace-fed board, feedback contacts included.
        EmulatedContactors contactors = EmulatedBoardPlatformProvider.contactors(board, emulated);
        plant.connectThrough(contactors::conducting);
        // With an inverter on CAN, it is the pack's charger and load controller: both obey what it allows
        // under the firmware's 0x351/0x35C, from the next step on.
        emulated.inverter()
                .ifPresent(inverter -> emulated.onUpdate(t -> {
                    plant.charger().ifPresent(c -> c.limitChargeCurrent(inverter.allowedChargeA(t)));
                    plant.limitLoad(inverter.allowedDischargeA(t));
                }));
        return new AgeingBoardPlatform(emulated, contactors, plant, pacedSweeps);
    }

    public AgeingPackPlant plant() {
        return plant;
    }

    @Override
    public Optional<Charger> charger() {
        return plant.charger();
    }
}
