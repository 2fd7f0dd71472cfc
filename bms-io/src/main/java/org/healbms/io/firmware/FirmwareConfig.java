package org.healbms.io.firmware;

import java.nio.file.Path;
import java.time.Duration;
import org.healbms.core.cell.StrainResponse;
import org.healbms.core.life.LifeStoryLimits;
import org.healbms.core.protection.CellLimits;
import org.healbms.core.thermal.CoreThermalModel;

/**
 * The firmware's configuration (see {@link FirmwareConfigFile}).
 *
 * @param board         board description file; null = the bundled emulated board
 * @param cell          cell parameter file; null = the bundled NCR18650PF cell
 * @param plantTrace    trace the emulated cells follow; null = the bundled US06 trace
 * @param stateDir      where state and the audit log live
 * @param saveInterval  how often the estimator state is saved
 * @param runOnStart    ask the pack to run (precharge, close) as soon as it starts
 * @param rules         healing rules file; null = the bundled example rules
 * @param healingBudgetDoses doses of self-healing agent each cell holds
 * @param coapHost      address the CoAP telemetry server binds to; null = no CoAP server
 * @param coapPort      its plain-CoAP UDP port (0 = any free port; reads from loopback only)
 * @param coapSecurePort its CoAP-over-DTLS port, used when {@code coapKeys} is set
 * @param coapKeys      key file with the DTLS pre-shared keys and their roles; null = loopback reads only
 * @param impedanceSweeps when to sweep cells' impedance and which fits to keep
 * @param strainCalibration the cells' strain-gauge calibrations, read from {@code strain_calibration}
 *                      (one file for every cell, or a file per cell): the estimator takes a
 *                      calibrated cell's strain channel as a second SoC measurement; null = none
 * @param thermalModel  the cells' core thermal models, read from {@code thermal_model} (one file for
 *                      every cell, or a file per cell): each such cell gets a virtual core
 *                      temperature; null = none
 * @param lifeStory     where the life story counts time at extreme temperatures and deep-discharge and
 *                      overcharge events ({@code life_story}; each threshold defaults to the cell limits')
 * @param logLevel      how much the libraries (Californium, Scandium, Pi4J) log to stderr: error,
 *                      warn (the default), info, debug, trace or off
 */
public record FirmwareConfig(Path board, Path cell, Path plantTrace, CellLimits limits, Path stateDir,
                             Duration saveInterval, double socGuess, int negativeGpio, int prechargeGpio,
                             int positiveGpio, String linkVoltageChannel, boolean runOnStart, Path rules,
                             double healingBudgetDoses, String coapHost, int coapPort, int coapSecurePort, Path coapKeys,
                             SweepPolicy impedanceSweeps, CellCalibrations<StrainResponse> strainCalibration,
                             CellCalibrations<CoreThermalModel> thermalModel, String logLevel,
                             LifeStoryLimits lifeStory) {
}
