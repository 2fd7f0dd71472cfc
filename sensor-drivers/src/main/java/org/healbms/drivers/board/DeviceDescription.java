package org.healbms.drivers.board;

import java.time.Duration;
import java.util.List;
import org.healbms.drivers.acquisition.Calibration;
import org.healbms.drivers.hyperion.Grating;
import org.healbms.drivers.ltc681x.CellInput;
import org.healbms.drivers.ntc.ThermistorChannel;

/** One device of the board, by kind. Each kind names the chip and the bus it sits on. */
public sealed interface DeviceDescription {

    String id();

    Duration period();

    /** An I2C address: bus number and 7-bit address. */
    record I2cAddress(int bus, int address) {}

    /** An SPI chip select with the clock the chip is run at. */
    record SpiAddress(int bus, int chipSelect, int clockHz) {}

    /** An LTC6811-1 or LTC6813-1 daisy chain measuring the series cells. */
    record CellMonitor(String id, Duration period, String chip, SpiAddress spi, int chainLength, List<CellInput> cells)
            implements DeviceDescription {}

    /** An INA228 on the pack current shunt. */
    record CurrentMonitor(
            String id, Duration period, I2cAddress i2c, double shuntOhm, double maxCurrentA, Calibration calibration)
            implements DeviceDescription {}

    /**
     * NTC thermistors on an ADS1115 (I2C) or MCP3208 (SPI) through dividers: series resistor to the
     * divider supply, NTC to ground.
     *
     * @param i2c       set for the ADS1115, null otherwise
     * @param spi       set for the MCP3208, null otherwise
     * @param thermistor {@code semitec-103at} (Steinhart-Hart fitted to the vendor table) or {@code beta}
     */
    record ThermistorAdc(
            String id,
            Duration period,
            String chip,
            I2cAddress i2c,
            SpiAddress spi,
            double seriesOhm,
            double supplyV,
            String thermistor,
            double betaK,
            double r25Ohm,
            List<ThermistorChannel> channels)
            implements DeviceDescription {}

    /** A strain-gauge bridge on an ADS1220. */
    record StrainBridge(
            String id,
            Duration period,
            SpiAddress spi,
            String bridge,
            double gaugeFactor,
            int gain,
            String name,
            int cell,
            Calibration calibration)
            implements DeviceDescription {}

    /** A Hyperion si155-class FBG interrogator on the network. */
    record FbgInterrogator(String id, Duration period, String host, int port, List<Grating> gratings)
            implements DeviceDescription {}

    /** A Victron SmartShunt or BMV on a VE.Direct serial line (19200 8N1). */
    record SerialBatteryMonitor(String id, Duration period, String port, String currentName, String voltageName)
            implements DeviceDescription {}

    /**
     * An AD5941 impedance front end measuring one cell by the series-RCAL method. It is swept on
     * demand ({@code healbms eis}), not polled by the acquisition loop, so its period is unused.
     */
    record EisFrontEnd(String id, Duration period, SpiAddress spi, int cell, double rcalOhm)
            implements DeviceDescription {}
}
