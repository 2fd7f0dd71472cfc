package org.healbms.io.firmware;

import java.nio.file.Path;
import java.time.Duration;
import org.healbms.core.cell.StrainResponse;
import org.healbms.core.life.LifeStoryLimits;
import org.healbms.core.protection.CellLimits;
import org.healbms.core.thermal.CoreThermalModel;

/**
 * The firmware's configuration (see {@link FirmwareConfigFile}), in groups of what belongs together,
 * each a record of its own type: a group passed in the wrong place does not compile.
 *
 * @param files             the board, cell and plant files
 * @param limits            the cell's datasheet window
 * @param state             where state and the audit log live, and how often the state is saved
 * @param startup           how the pack starts
 * @param contactors        the coil drivers and the DC link
 * @param healing           the healing rules and the self-healing agent each cell holds
 * @param coap              the CoAP telemetry and control server
 * @param impedanceSweeps   when to sweep cells' impedance and which fits to keep
 * @param strainCalibration the cells' strain-gauge calibrations, read from {@code strain_calibration}
 *                          (one file for every cell, or a file per cell): the estimator takes a
 *                          calibrated cell's strain channel as a second SoC measurement; null = none
 * @param thermalModel      the cells' core thermal models, read from {@code thermal_model} (one file for
 *                          every cell, or a file per cell): each such cell gets a virtual core
 *                          temperature; null = none
 * @param logLevel          how much the libraries (Californium, Scandium, Pi4J) log to stderr: error,
 *                          warn (the default), info, debug, trace or off
 * @param lifeStory         the life story's thresholds (extreme temperatures, deep discharge, overcharge)
 */
public record FirmwareConfig(
        Files files,
        CellLimits limits,
        StateStore state,
        Startup startup,
        ContactorWiring contactors,
        Healing healing,
        Coap coap,
        SweepPolicy impedanceSweeps,
        CellCalibrations<StrainResponse> strainCalibration,
        CellCalibrations<CoreThermalModel> thermalModel,
        String logLevel,
        LifeStoryLimits lifeStory) {

    /**
     * @param board      board description file; null = the bundled emulated board
     * @param cell       cell parameter file; null = the bundled NCR18650PF cell
     * @param plantTrace trace the emulated cells follow; null = the bundled US06 trace
     */
    public record Files(Path board, Path cell, Path plantTrace) {}

    /**
     * @param directory    where state and the audit log live
     * @param saveInterval how often the estimator state is saved
     */
    public record StateStore(Path directory, Duration saveInterval) {}

    /**
     * @param socGuess   start SoC when there is no saved state
     * @param runOnStart ask the pack to run (precharge, close) as soon as it starts, and again after a fault reset
     */
    public record Startup(double socGuess, boolean runOnStart) {}

    /**
     * @param negativeGpio       BCM number of the main negative contactor's coil driver
     * @param prechargeGpio      BCM number of the precharge relay's coil driver
     * @param positiveGpio       BCM number of the main positive contactor's coil driver
     * @param linkVoltageChannel board channel measuring the DC link; null = modelled or none
     */
    public record ContactorWiring(int negativeGpio, int prechargeGpio, int positiveGpio, String linkVoltageChannel) {}

    /**
     * @param rules       healing rules file; null = the bundled example rules
     * @param budgetDoses doses of self-healing agent each cell holds
     */
    public record Healing(Path rules, double budgetDoses) {}

    /**
     * @param host       address the CoAP telemetry server binds to; null = no CoAP server
     * @param port       its plain-CoAP UDP port (0 = any free port; reads from loopback only)
     * @param securePort its CoAP-over-DTLS port, used when {@code keys} is set
     * @param keys       key file with the DTLS pre-shared keys and their roles; null = loopback reads only
     */
    public record Coap(String host, int port, int securePort, Path keys) {}

    /** The same configuration keeping its state in another directory. */
    public FirmwareConfig withStateDirectory(Path directory) {
        return new FirmwareConfig(
                files,
                limits,
                new StateStore(directory, state.saveInterval()),
                startup,
                contactors,
                healing,
                coap,
                impedanceSweeps,
                strainCalibration,
                thermalModel,
                logLevel,
                lifeStory);
    }
}
