package org.healbms.drivers.hyperion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.healbms.core.fusion.FbgDecoupling;
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
 *
 * <p>Where a cell has a bonded grating and a strain-free reference grating, the device also gives
 * that cell a temperature ({@code cell N fbg temperature}) and a strain ({@code cell N fbg
 * decoupled strain}, m/m), separated with {@link FbgDecoupling#withReference} and each grating's
 * calibration from the board file. These are ordinary channels of their kinds, so the FBG becomes
 * the cell's second, independent temperature and its strain for the estimator and the detectors. A
 * fault on either grating faults both.
 */
public final class FbgDevice extends ChannelDevice {

    private final HyperionClient client;
    private final List<Grating> gratings;
    /** For each decoupled cell: the bonded grating's index and the reference's. */
    private final List<int[]> pairs;

    public FbgDevice(String id, Duration period, HyperionClient client, List<Grating> gratings) {
        this(id, period, client, gratings, pairs(gratings));
    }

    private FbgDevice(String id, Duration period, HyperionClient client, List<Grating> gratings, List<int[]> pairs) {
        super(id, period, channels(gratings, pairs));
        this.client = client;
        this.gratings = List.copyOf(gratings);
        this.pairs = pairs;
    }

    /** The first bonded and the first reference grating of each cell that has both. */
    private static List<int[]> pairs(List<Grating> gratings) {
        List<int[]> pairs = new ArrayList<>();
        for (int k = 0; k < gratings.size(); k++) {
            Grating bonded = gratings.get(k);
            if (bonded.reference() || bonded.cell() < 1 || pairs.stream().anyMatch(p -> gratings.get(p[0]).cell() == bonded.cell())) {
                continue;
            }
            for (int r = 0; r < gratings.size(); r++) {
                if (gratings.get(r).reference() && gratings.get(r).cell() == bonded.cell()) {
                    pairs.add(new int[] {k, r});
                    break;
                }
            }
        }
        return List.copyOf(pairs);
    }

    private static List<Channel> channels(List<Grating> gratings, List<int[]> pairs) {
        List<Channel> channels = new ArrayList<>();
        for (Grating g : gratings) {
            channels.add(new Channel(g.name(), ChannelKind.FBG_WAVELENGTH, g.cell()));
        }
        for (int[] p : pairs) {
            int cell = gratings.get(p[0]).cell();
            channels.add(new Channel("cell " + cell + " fbg temperature", ChannelKind.TEMPERATURE, cell));
            channels.add(new Channel("cell " + cell + " fbg decoupled strain", ChannelKind.STRAIN, cell));
        }
        return channels;
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
        int i = gratings.size();
        for (int[] p : pairs) {
            boolean ok = quality[p[0]] == Quality.OK && quality[p[1]] == Quality.OK;
            if (ok) {
                FbgDecoupling.TemperatureAndStrain ts = FbgDecoupling.withReference(gratings.get(p[0]).calibration(),
                        values[p[0]], gratings.get(p[1]).calibration(), values[p[1]]);
                values[i] = ts.temperatureDegC();
                values[i + 1] = ts.strain();
            } else {
                values[i] = Double.NaN;
                values[i + 1] = Double.NaN;
            }
            quality[i] = ok ? Quality.OK : Quality.SENSOR_FAULT;
            quality[i + 1] = quality[i];
            i += 2;
        }
    }
}
