package org.healbms.drivers.hyperion;

import java.time.Duration;
import java.util.List;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.ChannelKind;
import org.healbms.core.reading.Quality;
import org.healbms.drivers.acquisition.ChannelDevice;
import org.healbms.drivers.board.DeviceDescription.Grating;
import org.healbms.drivers.bus.BusException;

/**
 * The interrogator as the acquisition loop samples it: one wavelength channel per grating, the peak
 * on the grating's fibre nearest its nominal wavelength within its window. No peak in the window
 * (a broken fibre, a grating strained out of its band) is a sensor fault, not a wavelength.
 */
public final class FbgDevice extends ChannelDevice {

    private final HyperionClient client;
    private final List<Grating> gratings;

    public FbgDevice(String id, Duration period, HyperionClient client, List<Grating> gratings) {
        super(id, period, gratings.stream().map(g -> new Channel(g.name(), ChannelKind.FBG_WAVELENGTH, g.cell())).toList());
        this.client = client;
        this.gratings = List.copyOf(gratings);
    }

    @Override
    public void sample(double[] values, Quality[] quality) throws BusException {
        PeakFrame frame = client.peaks();
        for (int k = 0; k < gratings.size(); k++) {
            Grating g = gratings.get(k);
            double best = Double.NaN;
            if (g.channel() <= frame.channels()) {
                for (double p : frame.peaks(g.channel())) {
                    if (Math.abs(p - g.nominalNm()) <= g.windowNm() / 2
                            && (Double.isNaN(best) || Math.abs(p - g.nominalNm()) < Math.abs(best - g.nominalNm()))) {
                        best = p;
                    }
                }
            }
            values[k] = best;
            quality[k] = Double.isNaN(best) ? Quality.SENSOR_FAULT : Quality.OK;
        }
    }
}
