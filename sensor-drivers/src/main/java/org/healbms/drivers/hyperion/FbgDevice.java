package org.healbms.drivers.hyperion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.healbms.core.fusion.FbgDecoupling;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.ChannelKind;
import org.healbms.core.reading.Quality;
import org.healbms.drivers.acquisition.ChannelDevice;
import org.healbms.drivers.bus.BusException;

/**
 * The interrogator as the acquisition loop samples it: one wavelength channel per grating, the peak
 * on the grating's fibre nearest its nominal wavelength within its window. No peak in the window
 * (a broken fibre, a grating strained out of its band) is a sensor fault, not a wavelength.
 *
 * <p>Where a cell has a bonded grating and a strain-free reference grating, the device also gives
 * that cell a temperature ({@code cell N fbg temperature}) and a strain ({@code cell N fbg
 * decoupled strain}, m/m), separated with {@link FbgDecoupling#withReference} and each grating's
 * calibration from the board file. A cell with two paired gratings (co-located, of different
 * sensitivity) gets the same two channels by the 2×2 method ({@link FbgDecoupling#withTwoGratings});
 * the board file has already refused a pair too alike to separate. Any other bonded gratings (strain
 * at several points of a can) stay wavelength channels. These are ordinary channels of
 * their kinds, so the FBG becomes the cell's second, independent temperature and its strain for the
 * estimator and the detectors. A fault on either grating faults both.
 */
public final class FbgDevice extends ChannelDevice {

    private final HyperionClient client;
    private final List<Grating> gratings;
    private final List<DecoupledCell> pairs;

    /** A cell whose temperature and strain come from two of its gratings (indices into the list). */
    public record DecoupledCell(int cell, int first, int second, boolean withReference) {}

    public FbgDevice(String id, Duration period, HyperionClient client, List<Grating> gratings) {
        this(id, period, client, gratings, pairs(gratings));
    }

    private FbgDevice(
            String id, Duration period, HyperionClient client, List<Grating> gratings, List<DecoupledCell> pairs) {
        super(id, period, channels(gratings, pairs));
        this.client = client;
        this.gratings = List.copyOf(gratings);
        this.pairs = pairs;
    }

    /**
     * For each cell: its first bonded and first reference grating if it has both, else its first two
     * paired gratings if it has two, else nothing to decouple.
     */
    public static List<DecoupledCell> pairs(List<Grating> gratings) {
        List<DecoupledCell> pairs = new ArrayList<>();
        gratings.stream().mapToInt(Grating::cell).filter(c -> c >= 1).distinct().forEach(cell -> {
            Map<GratingRole, List<Integer>> byRole = new EnumMap<>(GratingRole.class);
            for (int k = 0; k < gratings.size(); k++) {
                if (gratings.get(k).cell() == cell) {
                    byRole.computeIfAbsent(gratings.get(k).role(), r -> new ArrayList<>())
                            .add(k);
                }
            }
            List<Integer> bonded = byRole.getOrDefault(GratingRole.BONDED, List.of());
            List<Integer> reference = byRole.getOrDefault(GratingRole.REFERENCE, List.of());
            List<Integer> paired = byRole.getOrDefault(GratingRole.PAIRED, List.of());
            if (!bonded.isEmpty() && !reference.isEmpty()) {
                pairs.add(new DecoupledCell(cell, bonded.getFirst(), reference.getFirst(), true));
            } else if (paired.size() >= 2) {
                pairs.add(new DecoupledCell(cell, paired.get(0), paired.get(1), false));
            }
        });
        return List.copyOf(pairs);
    }

    private static List<Channel> channels(List<Grating> gratings, List<DecoupledCell> pairs) {
        List<Channel> channels = new ArrayList<>();
        for (Grating g : gratings) {
            channels.add(new Channel(g.name(), ChannelKind.FBG_WAVELENGTH, g.cell()));
        }
        for (DecoupledCell p : pairs) {
            int cell = p.cell();
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
        for (DecoupledCell p : pairs) {
            boolean ok = quality[p.first()] == Quality.OK && quality[p.second()] == Quality.OK;
            if (ok) {
                var a = gratings.get(p.first()).calibration();
                var b = gratings.get(p.second()).calibration();
                FbgDecoupling.TemperatureAndStrain ts = p.withReference()
                        ? FbgDecoupling.withReference(a, values[p.first()], b, values[p.second()])
                        : FbgDecoupling.withTwoGratings(a, values[p.first()], b, values[p.second()]);
                // Peaks no temperature and strain explain (a neighbour's peak in the window) are a fault.
                ok = Double.isFinite(ts.temperatureDegC()) && Double.isFinite(ts.strain());
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
