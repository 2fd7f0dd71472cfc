package org.healbms.cli.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.healbms.core.estimation.CellStateEstimator;
import org.healbms.io.trace.BdfReader;
import org.healbms.io.trace.BdfWriter;
import org.healbms.sim.replay.TraceReplay;

/**
 * Writes what {@code replay --report DIR} promises: the trace as BDF with the estimate columns added
 * (every original column carried through unchanged), a PNG plot of estimate, bound and reference, and
 * one of the capacity estimate when the estimator learns capacity.
 */
public final class ReplayReport implements TraceReplay.Observer, AutoCloseable {

    /** Columns added to the trace; SoC as a fraction, BDF style "Name / unit". */
    public static final List<String> ADDED =
            List.of("SoC Estimate / 1", "SoC 3 Sigma / 1", "SoC Reference / 1", "SoC Coulomb Counting / 1");

    private final BdfWriter trace;
    private final SocPlot plot;
    private final CapacityPlot capacityPlot;
    private final Path dir;
    private final String title;
    private final List<String> row = new ArrayList<>();

    public ReplayReport(Path dir, String traceName, List<String> labels, long expectedRows) throws IOException {
        Files.createDirectories(dir);
        this.dir = dir;
        this.title = traceName;
        List<String> all = new ArrayList<>(labels);
        all.addAll(ADDED);
        this.trace = BdfWriter.create(dir.resolve(stem(traceName) + ".soc.bdf.csv.gz"), all);
        this.plot = new SocPlot(expectedRows);
        this.capacityPlot = new CapacityPlot(expectedRows);
    }

    private static String stem(String traceName) {
        return traceName.replaceFirst("\\.bdf\\.csv(\\.gz)?$", "").replaceFirst("\\.csv(\\.gz)?$", "");
    }

    @Override
    public void row(
            BdfReader reader,
            double elapsedS,
            CellStateEstimator estimator,
            CellStateEstimator baseline,
            double referenceSoc)
            throws IOException {
        row.clear();
        row.addAll(reader.fields());
        row.add(BdfWriter.format(estimator.soc()));
        row.add(BdfWriter.format(3 * estimator.socSigma()));
        row.add(BdfWriter.format(referenceSoc));
        row.add(BdfWriter.format(baseline.soc()));
        trace.row(row);
        plot.add(elapsedS, estimator.soc(), estimator.socSigma(), referenceSoc, baseline.soc());
        capacityPlot.add(elapsedS, estimator.capacityAh(), estimator.capacitySigmaAh());
    }

    /** Finishes both files; until then neither exists under its final name. */
    public void commit() throws IOException {
        trace.commit();
        plot.write(dir.resolve(stem(title) + ".soc.png"), title);
        if (capacityPlot.hasData()) {
            capacityPlot.write(dir.resolve(stem(title) + ".capacity.png"), title);
        }
    }

    @Override
    public void close() throws IOException {
        trace.close();
    }
}
