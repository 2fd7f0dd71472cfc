package org.healbms.drivers.board;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.healbms.drivers.acquisition.SampledDevice;
import org.healbms.drivers.ad5941.Ad5941;
import org.healbms.drivers.ad5941.BatteryBoard;
import org.healbms.drivers.ad5941.SweepClock;
import org.healbms.drivers.ads1115.Ads1115;
import org.healbms.drivers.ads1220.Ads1220;
import org.healbms.drivers.ads1220.Ads1220Config;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.BusPlatform;
import org.healbms.drivers.bus.DeviceClock;
import org.healbms.drivers.bus.SpiMode;
import org.healbms.drivers.hyperion.FbgDevice;
import org.healbms.drivers.hyperion.HyperionClient;
import org.healbms.drivers.ina228.CurrentMonitorDevice;
import org.healbms.drivers.ina228.Ina228;
import org.healbms.drivers.ltc681x.AdcMode;
import org.healbms.drivers.ltc681x.CellMonitorDevice;
import org.healbms.drivers.ltc681x.ChainSettings;
import org.healbms.drivers.ltc681x.Ltc681x;
import org.healbms.drivers.ltc681x.Ltc681xVariant;
import org.healbms.drivers.mcp3208.Mcp3208;
import org.healbms.drivers.ntc.BetaThermistor;
import org.healbms.drivers.ntc.SteinhartHart;
import org.healbms.drivers.ntc.Thermistor;
import org.healbms.drivers.ntc.ThermistorAdcDevice;
import org.healbms.drivers.ntc.ThermistorDivider;
import org.healbms.drivers.strain.BridgeStrain;
import org.healbms.drivers.strain.StrainDevice;
import org.healbms.drivers.vedirect.BatteryMonitorDevice;
import org.healbms.drivers.vedirect.VeDirectBatteryMonitor;

/**
 * Opens the devices a board description lists on a platform and wraps each driver as a
 * {@link SampledDevice}. The platform decides whether the bytes go to real chips or to emulators;
 * nothing here knows which.
 */
public final class BoardDevices {

    /** VE.Direct runs at 19200 baud, 8N1 (Victron's VE.Direct protocol document). */
    static final int VE_DIRECT_BAUD = 19_200;
    /** A network instrument that does not answer within this is a comms fault for that sample. */
    static final Duration INSTRUMENT_TIMEOUT = Duration.ofSeconds(2);

    private BoardDevices() {}

    /**
     * The board's sampled devices, their drivers waiting conversion times on {@code clock}: the
     * system's on a board, the simulation's where the chips are emulated on virtual time.
     */
    public static List<SampledDevice> open(BoardDescription board, BusPlatform platform, DeviceClock clock)
            throws BusException {
        List<SampledDevice> devices = new ArrayList<>();
        for (DeviceDescription d : board.devices()) {
            if (d instanceof DeviceDescription.EisFrontEnd) {
                continue; // swept on demand, see openImpedance
            }
            devices.add(open(d, platform, clock));
        }
        return devices;
    }

    /** The board's impedance front end {@code id}, initialised and ready to sweep. */
    public static Ad5941 openImpedance(BoardDescription board, String id, BusPlatform platform, SweepClock clock)
            throws BusException {
        for (DeviceDescription d : board.devices()) {
            if (d instanceof DeviceDescription.EisFrontEnd e && (id == null || e.id().equals(id))) {
                Ad5941 afe = new Ad5941(
                        platform.spi(
                                e.spi().bus(),
                                e.spi().chipSelect(),
                                SpiMode.MODE_0,
                                e.spi().clockHz()),
                        new BatteryBoard(
                                BatteryBoard.EVAL_AD5941BATZ.systemClockHz(),
                                e.rcalOhm(),
                                BatteryBoard.EVAL_AD5941BATZ.amplitudeWord()),
                        clock);
                afe.initialise();
                return afe;
            }
        }
        throw new IllegalArgumentException(
                board.name() + ": no ad5941 device" + (id == null ? "" : " with id '" + id + "'"));
    }

    /** The board's thermistor law: the Semitec 103AT fitted from its table, or a Beta law. */
    public static Thermistor thermistor(DeviceDescription.ThermistorAdc t) {
        return t.thermistor().equals("beta")
                ? new BetaThermistor(t.r25Ohm(), t.betaK())
                : SteinhartHart.fit(SteinhartHart.SEMITEC_103AT);
    }

    /** The board's bridge arrangement. */
    public static BridgeStrain bridge(DeviceDescription.StrainBridge b) {
        return new BridgeStrain(
                switch (b.bridge()) {
                    case "half" -> BridgeStrain.Type.HALF_BENDING;
                    case "full" -> BridgeStrain.Type.FULL_BENDING;
                    default -> BridgeStrain.Type.QUARTER;
                },
                b.gaugeFactor());
    }

    private static SampledDevice open(DeviceDescription d, BusPlatform platform, DeviceClock clock)
            throws BusException {
        return switch (d) {
            case DeviceDescription.CellMonitor m -> {
                Ltc681xVariant variant = m.chip().equals("ltc6813") ? Ltc681xVariant.LTC6813 : Ltc681xVariant.LTC6811;
                Ltc681x chain = new Ltc681x(
                        platform.spi(
                                m.spi().bus(),
                                m.spi().chipSelect(),
                                SpiMode.MODE_3,
                                m.spi().clockHz()),
                        new ChainSettings(
                                variant, m.chainLength(), AdcMode.KHZ_7, m.spi().clockHz()),
                        clock);
                // The chips' own UV/OV comparators are set wide: protection is the supervisor's job,
                // these flags are a second opinion only.
                yield new CellMonitorDevice(m.id(), m.period(), chain, m.chainLength(), m.cells(), 2.0, 4.5);
            }
            case DeviceDescription.CurrentMonitor m ->
                new CurrentMonitorDevice(
                        m.id(),
                        m.period(),
                        new Ina228(
                                platform.i2c(m.i2c().bus(), m.i2c().address()), m.shuntOhm(), m.maxCurrentA(), false),
                        m.calibration());
            case DeviceDescription.ThermistorAdc t -> {
                ThermistorDivider divider = new ThermistorDivider(thermistor(t), t.seriesOhm());
                ThermistorAdcDevice.DividerInput input;
                if (t.chip().equals("ads1115")) {
                    // ±4.096 V range, 128 SPS; the divider supply is taken as configured (not ratiometric).
                    Ads1115 adc =
                            new Ads1115(platform.i2c(t.i2c().bus(), t.i2c().address()), clock, 1, 4);
                    input = channel -> adc.readSingleEnded(channel) / t.supplyV();
                } else {
                    Mcp3208 adc = new Mcp3208(platform.spi(
                            t.spi().bus(),
                            t.spi().chipSelect(),
                            SpiMode.MODE_0,
                            t.spi().clockHz()));
                    input = channel -> adc.readCode(channel) / (double) Mcp3208.FULL_SCALE_CODES;
                }
                yield new ThermistorAdcDevice(t.id(), t.period(), input, divider, t.channels());
            }
            case DeviceDescription.StrainBridge b ->
                new StrainDevice(
                        b.id(),
                        b.period(),
                        new Ads1220(
                                platform.spi(
                                        b.spi().bus(),
                                        b.spi().chipSelect(),
                                        SpiMode.MODE_1,
                                        b.spi().clockHz()),
                                clock),
                        Ads1220Config.bridge(b.gain(), 0, true),
                        bridge(b),
                        b.calibration(),
                        StrainDevice.channel(b.name(), b.cell()));
            case DeviceDescription.FbgInterrogator f -> {
                // The peak stream listens one port above the command port, as on the instrument.
                var commands = platform.tcp(f.host(), f.port());
                var stream = platform.tcp(f.host(), f.port() + 1);
                yield new FbgDevice(
                        f.id(),
                        f.period(),
                        new HyperionClient(
                                commands.getHostString(), commands.getPort(), stream.getPort(), INSTRUMENT_TIMEOUT),
                        f.gratings());
            }
            case DeviceDescription.SerialBatteryMonitor m ->
                new BatteryMonitorDevice(
                        m.id(),
                        m.period(),
                        new VeDirectBatteryMonitor(platform.serial(m.port(), VE_DIRECT_BAUD), clock::nanoTime),
                        m.currentName(),
                        m.voltageName());
            case DeviceDescription.EisFrontEnd e ->
                throw new IllegalArgumentException(e.id() + ": an impedance front end is swept on demand, not sampled");
        };
    }
}
