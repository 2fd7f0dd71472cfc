package org.healbms.core.identification;

import java.util.ArrayList;
import java.util.List;
import org.healbms.core.cell.StrainResponse;

/**
 * A strain gauge's {@link StrainResponse} from recorded runs that log strain.
 *
 * <p>The first run is the calibration: slow enough that the cell stays at one temperature and near
 * equilibrium, so its strain binned by SoC is the breathing curve g(SoC), zeroed where that run's
 * gauge reads zero. Every further run is compared with g: what is left is its own gauge zero plus a
 * temperature term, fitted jointly (one offset per run, one coefficient for all). The coefficient
 * also carries whatever strain the faster runs add with their current (concentration gradients
 * swell the electrodes too); with one chamber temperature the two cannot be told apart, and the
 * file says so by name only: it is the strain per kelvin of self-heating at these rates.
 *
 * <p>The spread of the runs' zeros is the offset prior, the scatter left after it the noise, and the
 * correlation time of that scatter tells the filter how many readings are really independent.
 */
public final class StrainIdentification {

    /** A gauge zero may wander by its run-to-run spread over about a day (creep, re-tare). */
    static final double OFFSET_WANDER_S = 86_400.0;

    private static final double MIN_NOISE_SIGMA = 1e-6;

    private StrainIdentification() {}

    /** One run: its recording (with start SoC) and the strain at each sample, m/m (NaN where not logged). */
    public record StrainRun(CellRecording run, double[] strain) {
        public StrainRun {
            if (strain.length != run.size()) {
                throw new IllegalArgumentException(
                        run.name() + ": strain has " + strain.length + " samples, the run " + run.size());
            }
        }
    }

    /** How one run fits: its fitted gauge zero and the RMS of what is left, m/m. */
    public record RunFit(String name, double offset, double rmse, long samples) {}

    public record Result(StrainResponse response, List<RunFit> fits) {}

    public static Result identify(List<StrainRun> runs, double capacityAh) throws IdentificationException {
        if (runs.isEmpty()) {
            throw new IdentificationException("strain identification needs at least the calibration run");
        }
        StrainRun calibration = runs.getFirst();
        double step = ConstantCurrentIdentification.NODE_STEP;
        int nodes = (int) Math.round(1.0 / step) + 1;
        List<Double> socList = new ArrayList<>();
        List<Double> strainList = new ArrayList<>();
        for (int j = 0; j < nodes; j++) {
            double node = j * step;
            double sum = 0;
            int n = 0;
            for (int k = 0; k < calibration.run().size(); k++) {
                double e = calibration.strain()[k];
                if (Double.isFinite(e) && Math.abs(soc(calibration, k, capacityAh) - node) <= step / 2) {
                    sum += e;
                    n++;
                }
            }
            if (n > 0) {
                socList.add(node);
                strainList.add(sum / n);
            }
        }
        if (socList.size() < 3) {
            throw new IdentificationException(calibration.run().name() + ": strain was logged over only "
                    + socList.size() + " SoC nodes of " + step + "; the calibration run must cover the SoC range");
        }
        double[] socNodes = socList.stream().mapToDouble(Double::doubleValue).toArray();
        double[] g = strainList.stream().mapToDouble(Double::doubleValue).toArray();
        double reference = calibration.run().meanTemperatureDegC();
        if (!Double.isFinite(reference)) {
            throw new IdentificationException(calibration.run().name() + ": no temperature logged");
        }
        StrainResponse breathing = new StrainResponse(socNodes, g, reference, 0.0, 1.0, 0.0, 0.0, 0.0);

        // One coefficient for all runs, one offset per run: the coefficient from the within-run
        // covariance of residual and temperature (each run's mean removed), then each offset.
        double sxy = 0;
        double sxx = 0;
        double[] runSxy = new double[runs.size()];
        double[] runSxx = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            StrainRun r = runs.get(i);
            double[] mean = means(r, breathing, capacityAh, reference);
            for (int k = 0; k < r.run().size(); k++) {
                double res = residual(r, k, breathing, capacityAh);
                double dT = r.run().temperatureDegC()[k] - reference;
                if (Double.isFinite(res) && Double.isFinite(dT)) {
                    runSxy[i] += (dT - mean[1]) * (res - mean[0]);
                    runSxx[i] += (dT - mean[1]) * (dT - mean[1]);
                }
            }
            sxy += runSxy[i];
            sxx += runSxx[i];
        }
        double coefficient = sxx > 0 ? sxy / sxx : 0.0;
        double coefficientSigma = coefficientSpread(runSxy, runSxx, coefficient);
        List<RunFit> fits = new ArrayList<>();
        double sumSq = 0;
        long total = 0;
        double correlation = 0;
        double[] offsets = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            StrainRun r = runs.get(i);
            double[] mean = means(r, breathing, capacityAh, reference);
            double offset = mean[0] - coefficient * mean[1];
            offsets[i] = offset;
            double[] left = new double[r.run().size()];
            double runSq = 0;
            long n = 0;
            for (int k = 0; k < r.run().size(); k++) {
                double res = residual(r, k, breathing, capacityAh);
                double dT = r.run().temperatureDegC()[k] - reference;
                if (Double.isFinite(res) && Double.isFinite(dT)) {
                    left[k] = res - offset - coefficient * dT;
                    runSq += left[k] * left[k];
                    n++;
                }
            }
            if (n == 0) {
                throw new IdentificationException(r.run().name() + ": no sample has both strain and temperature");
            }
            sumSq += runSq;
            total += n;
            fits.add(new RunFit(r.run().name(), offset, Math.sqrt(runSq / n), n));
            double c = ModelFit.correlationTime(r.run().timeS(), left);
            if (Double.isFinite(c)) {
                correlation = Math.max(correlation, c);
            }
        }
        double noise = Math.max(Math.sqrt(sumSq / total), MIN_NOISE_SIGMA);
        double spread = 0;
        if (offsets.length > 1) {
            double m = 0;
            for (double o : offsets) {
                m += o;
            }
            m /= offsets.length;
            for (double o : offsets) {
                spread += (o - m) * (o - m);
            }
            spread = Math.sqrt(spread / (offsets.length - 1));
        }
        // One run cannot show how far a zero moves; then the zero is trusted no better than the noise.
        double offsetSigma = Math.max(spread, noise);
        return new Result(
                new StrainResponse(
                        socNodes,
                        g,
                        reference,
                        coefficient,
                        noise,
                        correlation,
                        offsetSigma,
                        offsetSigma / Math.sqrt(OFFSET_WANDER_S),
                        coefficientSigma),
                fits);
    }

    /**
     * How far the runs' own coefficients scatter about the pooled one, each weighted by how much its
     * temperature moved (a run that barely warms cannot tell its coefficient): the lumped coefficient
     * changes with the rate, and on the Samsung 30Q runs it came out between -1.3 and +9.8 µε/K
     * depending on which runs were fitted. Zero when fewer than two runs warm at all.
     */
    static double coefficientSpread(double[] runSxy, double[] runSxx, double pooled) {
        double weighted = 0;
        double weights = 0;
        int informative = 0;
        for (int i = 0; i < runSxx.length; i++) {
            if (runSxx[i] > 0) {
                double d = runSxy[i] / runSxx[i] - pooled;
                weighted += runSxx[i] * d * d;
                weights += runSxx[i];
                informative++;
            }
        }
        if (informative < 2) {
            return 0.0;
        }
        return Math.sqrt(weighted / weights * informative / (informative - 1));
    }

    private static double soc(StrainRun r, int k, double capacityAh) {
        return r.run().startSoc() + r.run().chargeAh()[k] / capacityAh;
    }

    private static double residual(StrainRun r, int k, StrainResponse breathing, double capacityAh) {
        return r.strain()[k] - breathing.breathing(soc(r, k, capacityAh));
    }

    /** Mean residual and mean temperature above reference over the usable samples of a run. */
    private static double[] means(StrainRun r, StrainResponse breathing, double capacityAh, double reference) {
        double sr = 0;
        double st = 0;
        int n = 0;
        for (int k = 0; k < r.run().size(); k++) {
            double res = residual(r, k, breathing, capacityAh);
            double dT = r.run().temperatureDegC()[k] - reference;
            if (Double.isFinite(res) && Double.isFinite(dT)) {
                sr += res;
                st += dT;
                n++;
            }
        }
        return n == 0 ? new double[] {0, 0} : new double[] {sr / n, st / n};
    }
}
