package org.healbms.drivers.board;

import java.time.Duration;
import java.util.List;

/** One device of the board, by kind. Each kind names the chip and the bus it sits on. */
public sealed interface DeviceDescription {

    String id();

    Duration period();

    /** An I2C address: bus number and 7-bit address. */
    record I2cAddress(int bus, int address) {
    }

    /** An SPI chip select with the clock the chip is run at. */
    record SpiAddress(int bus, int chipSelect, int clockHz) {
    }

    /** Per-channel linear calibration applied after the driver's conversion: value·gain + offset. */
    record Calibration(double gain, double offset) {
        public static final Calibration NONE = new Calibration(1.0, 0.0);

        public double apply(double value) {
            return value * gain + offset;
        }
    }

    /** Where one cell is wired: IC in the chain (0 = nearest the controller) and its cell input (1-based). */
    record CellInput(int cell, int ic, int input, Calibration calibration) {
    }

    /** An LTC6811-1 or LTC6813-1 daisy chain measuring the series cells. */
    record CellMonitor(String id, Duration period, String chip, SpiAddress spi, int chainLength,
                       List<CellInput> cells) implements DeviceDescription {
    }

    /** An INA228 on the pack current shunt. */
    record CurrentMonitor(String id, Duration period, I2cAddress i2c, double shuntOhm, double maxCurrentA,
                          Calibration calibration) implements DeviceDescription {
    }

    /** One thermistor input of an ADC: where the NTC sits and which cell it belongs to (0 = none). */
    record ThermistorChannel(int input, String name, int cell, Calibration calibration) {
    }

    /**
     * NTC thermistors on an ADS1115 (I2C) or MCP3208 (SPI) through dividers: series resistor to the
     * divider supply, NTC to ground.
     *
     * @param i2c       set for the ADS1115, null otherwise
     * @param spi       set for the MCP3208, null otherwise
     * @param thermistor {@code semitec-103at} (Steinhart-Hart fitted to the vendor table) or {@code beta}
     */
    record ThermistorAdc(String id, Duration period, String chip, I2cAddress i2c, SpiAddress spi,
                         double seriesOhm, double supplyV, String thermistor, double betaK, double r25Ohm,
                         List<ThermistorChannel> channels) implements DeviceDescription {
    }

    /** A strain-gauge bridge on an ADS1220. */
    record StrainBridge(String id, Duration period, SpiAddress spi, String bridge, double gaugeFactor, int gain,
                        String name, int cell, Calibration calibration) implements DeviceDescription {
    }

    /**
     * One grating of a fibre on the interrogator: its wavelength window, its role and its
     * calibration. A {@link GratingRole#REFERENCE} grating is mounted strain-free beside its cell and
     * sees temperature only; with one beside a bonded grating, the interrogator's cell also gets a
     * temperature and a strain. Two {@link GratingRole#PAIRED} gratings on one cell are co-located
     * and of different sensitivity (one coated), read together by the 2×2 method to the same end.
     */
    record Grating(int channel, String name, int cell, double nominalNm, double windowNm, GratingRole role,
                   org.healbms.core.fusion.GratingCalibration calibration) {

        /** A bonded grating with bare-silica sensitivities referred to 25 °C. */
        public Grating(int channel, String name, int cell, double nominalNm, double windowNm) {
            this(channel, name, cell, nominalNm, windowNm, GratingRole.BONDED,
                    org.healbms.core.fusion.GratingCalibration.bareSilica(nominalNm, 25.0));
        }

        /** Strain-free: it sees temperature only. */
        public boolean reference() {
            return role == GratingRole.REFERENCE;
        }
    }

    /** How a grating is mounted, which decides how it is read. */
    enum GratingRole {
        /** On the can: sees strain and temperature; alone, it cannot tell them apart. */
        BONDED,
        /** Strain-free beside the cell: temperature only. */
        REFERENCE,
        /** One of two co-located bonded gratings of different sensitivity, inverted together (2×2). */
        PAIRED
    }

    /** A Hyperion si155-class FBG interrogator on the network. */
    record FbgInterrogator(String id, Duration period, String host, int port, List<Grating> gratings)
            implements DeviceDescription {
    }

    /** A Victron SmartShunt or BMV on a VE.Direct serial line (19200 8N1). */
    record SerialBatteryMonitor(String id, Duration period, String port, String currentName, String voltageName)
            implements DeviceDescription {
    }

    /**
     * An AD5941 impedance front end measuring one cell by the series-RCAL method. It is swept on
     * demand ({@code healbms eis}), not polled by the acquisition loop, so its period is unused.
     */
    record EisFrontEnd(String id, Duration period, SpiAddress spi, int cell, double rcalOhm)
            implements DeviceDescription {
    }
}
