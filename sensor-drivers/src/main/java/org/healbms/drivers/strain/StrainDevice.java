package org.healbms.drivers.strain;

import java.time.Duration;
import java.util.List;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.ChannelKind;
import org.healbms.core.reading.Quality;
import org.healbms.drivers.acquisition.Calibration;
import org.healbms.drivers.acquisition.ChannelDevice;
import org.healbms.drivers.ads1220.Ads1220;
import org.healbms.drivers.ads1220.Ads1220Config;
import org.healbms.drivers.bus.BusException;

/**
 * A strain-gauge bridge on an ADS1220 as the acquisition loop samples it. The zero is the board
 * file's calibration offset (in strain), measured when the gauge was fitted: zeroing at every start
 * would erase exactly the slow swelling the BMS watches for. With the burn-out sources on, a reading
 * clipped at full scale is an open bridge: a sensor fault, not a strain.
 */
public final class StrainDevice extends ChannelDevice {

    private final Ads1220 adc;
    private final Ads1220Config config;
    private final BridgeStrain bridge;
    private final Calibration calibration;
    private boolean configured;

    public StrainDevice(
            String id,
            Duration period,
            Ads1220 adc,
            Ads1220Config config,
            BridgeStrain bridge,
            Calibration calibration,
            Channel channel) {
        super(id, period, List.of(channel));
        this.adc = adc;
        this.config = config;
        this.bridge = bridge;
        this.calibration = calibration;
    }

    public static Channel channel(String name, int cell) {
        return new Channel(name, ChannelKind.STRAIN, cell);
    }

    @Override
    public void sample(double[] values, Quality[] quality) throws BusException {
        try {
            if (!configured) {
                adc.configure(config);
                configured = true;
            }
            Ads1220.Conversion c = adc.read();
            if (c.clipped() && config.burnOut()) {
                values[0] = Double.NaN;
                quality[0] = Quality.SENSOR_FAULT;
            } else {
                values[0] = calibration.apply(bridge.strain(c.ratio()));
                quality[0] = c.clipped() ? Quality.OUT_OF_RANGE : Quality.OK;
            }
        } catch (BusException e) {
            configured = false;
            throw e;
        }
    }
}
