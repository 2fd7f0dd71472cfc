package org.healbms.drivers.ntc;

import java.time.Duration;
import java.util.List;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.ChannelKind;
import org.healbms.core.reading.Quality;
import org.healbms.drivers.acquisition.ChannelDevice;
import org.healbms.drivers.bus.BusException;

/**
 * NTC thermistors on an ADC as the acquisition loop samples them: each input's divider ratio becomes
 * a temperature, or a sensor fault when the thermistor reads open or shorted.
 */
public final class ThermistorAdcDevice extends ChannelDevice {

    /** The fraction of the divider supply at one ADC input. */
    @FunctionalInterface
    public interface DividerInput {
        double ratio(int input) throws BusException;
    }

    private final DividerInput adc;
    private final ThermistorDivider divider;
    private final List<ThermistorChannel> inputs;

    public ThermistorAdcDevice(
            String id, Duration period, DividerInput adc, ThermistorDivider divider, List<ThermistorChannel> inputs) {
        super(
                id,
                period,
                inputs.stream()
                        .map(c -> new Channel(c.name(), ChannelKind.TEMPERATURE, c.cell()))
                        .toList());
        this.adc = adc;
        this.divider = divider;
        this.inputs = List.copyOf(inputs);
    }

    @Override
    public void sample(double[] values, Quality[] quality) throws BusException {
        for (int k = 0; k < inputs.size(); k++) {
            ThermistorDivider.Reading r =
                    divider.fromRatio(adc.ratio(inputs.get(k).input()));
            if (r.fault() == ThermistorDivider.Fault.NONE) {
                values[k] = inputs.get(k).calibration().apply(r.temperatureDegC());
                quality[k] = Quality.OK;
            } else {
                values[k] = Double.NaN;
                quality[k] = Quality.SENSOR_FAULT;
            }
        }
    }
}
