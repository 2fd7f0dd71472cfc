/**
 * Cell impedance (EIS) with an Analog Devices AD5941 analog front end over SPI, following ADI's
 * EVAL-AD5941BATZ and its AD5940_BATImpedance example: AC current through a series RCAL (50 mΩ) and
 * the cell, one ADC with a hardware DFT measuring both voltages in turn, and
 * {@code Z = V_cell / V_rcal × R_cal} per frequency.
 *
 * <p>Implemented at register level from Java: SPI framing (set address {@code 20}, write {@code 2D},
 * read {@code 6D} + dummy byte, 16/32-bit widths), identity check (ADIID 0x4144, CHIPID 0x55xx),
 * the reset initialisation table, switch matrix, HS DAC rate, sine generator (WGCON, WGFCW,
 * WGAMPLITUDE), ADC mux and PGA (ADCCON), ADC filters (ADCFILTERCON), DFT (DFTCON), AFE control
 * (AFECON) to start the ADC and DFT, the DFT-ready interrupt flag (INTCSEL1, INTCFLAG1, INTCCLR),
 * the board's RCAL/cell mux (SWMUX) and the 18-bit DFT results (DFTREAL, DFTIMAG).
 *
 * <p>Left out, on purpose:
 * <ul>
 *   <li>The sequencer, its SRAM programs, the wake-up timer and sleep/hibernate: the MCU writes the
 *       same registers directly, so a sweep keeps the AFE awake and the Pi's SPI busy.</li>
 *   <li>The data FIFO and its {@code 5F} read command: the driver reads DFTREAL/DFTIMAG after each
 *       DFT-ready flag, which needs no FIFO.</li>
 *   <li>The DC bias of the low-power loop (LPDAC/LPTIA holding the excitation amplifier near the cell
 *       voltage), the BATZ board's precharge of its coupling capacitors (MCU GPIOs) and its
 *       SYNCEXTDEVICE GPIO writes: board circuitry the example drives outside the AFE.</li>
 *   <li>ADC PGA and HS DAC calibration, and the reference buffer and power-mode (PMBW) tuning: the
 *       ratio method cancels gain errors common to both DFTs.</li>
 *   <li>Averaging several DFTs per point; the example's RCAL table per frequency is replaced by
 *       measuring RCAL right before the cell at each frequency.</li>
 * </ul>
 */
package org.healbms.drivers.ad5941;
