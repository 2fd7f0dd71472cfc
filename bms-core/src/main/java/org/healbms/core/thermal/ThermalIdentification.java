package org.healbms.core.thermal;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.util.Pair;

/**
 * Fits the two-node model to a recorded surface temperature: simulate it open loop from the heat
 * and ambient series, and let Levenberg-Marquardt (Hipparchus) move the surface node's capacity and
 * its resistance to ambient (as logarithms) to match the measured surface. The core's heat capacity
 * and the core-to-can resistance are given, from the cell's mass and geometry: a surface signal
 * cannot tell them apart (fitted freely on a synthetic cell they came out at a third and thirteen
 * times their true values while the surface fit was perfect), so fitting them would only fake a core.
 */
public final class ThermalIdentification {

    private ThermalIdentification() {}

    /** The fitted model and its open-loop surface RMSE on the data it was fitted to. */
    public record Result(TwoNodeThermalModel model, double surfaceRmseK) {}

    /** Open-loop surface RMSE of a model over a series. */
    public static double surfaceRmse(
            TwoNodeThermalModel m, double[] timeS, double[] heatW, double[] ambientDegC, double[] surfaceDegC) {
        double[] r = residuals(m, timeS, heatW, ambientDegC, surfaceDegC);
        double sum = 0;
        for (double v : r) {
            sum += v * v;
        }
        return Math.sqrt(sum / r.length);
    }

    private static double[] residuals(
            TwoNodeThermalModel m, double[] timeS, double[] heatW, double[] ambientDegC, double[] surfaceDegC) {
        double[] t = {surfaceDegC[0], surfaceDegC[0]};
        double[] r = new double[timeS.length];
        for (int k = 1; k < timeS.length; k++) {
            m.step(t, heatW[k], ambientDegC[k], timeS[k] - timeS[k - 1]);
            r[k] = t[1] - surfaceDegC[k];
        }
        return r;
    }

    /**
     * @param coreHeatCapacityJPerK  the jelly roll's heat capacity (mass × about 1 J/(g·K))
     * @param coreToSurfaceKPerW     radial conduction from core to can (1-3 K/W for an 18650)
     */
    public static Result fit(
            double[] timeS,
            double[] heatW,
            double[] ambientDegC,
            double[] surfaceDegC,
            double coreHeatCapacityJPerK,
            double coreToSurfaceKPerW) {
        double[] start = {Math.log(8), Math.log(15)};
        var problem = new LeastSquaresBuilder()
                .start(start)
                .target(new double[timeS.length])
                .model(point -> {
                    double[] th = point.toArray();
                    double[] r0 = residuals(
                            model(th, coreHeatCapacityJPerK, coreToSurfaceKPerW),
                            timeS,
                            heatW,
                            ambientDegC,
                            surfaceDegC);
                    double[][] jac = new double[r0.length][2];
                    for (int j = 0; j < 2; j++) {
                        double[] tj = th.clone();
                        tj[j] += 1e-5;
                        double[] rj = residuals(
                                model(tj, coreHeatCapacityJPerK, coreToSurfaceKPerW),
                                timeS,
                                heatW,
                                ambientDegC,
                                surfaceDegC);
                        for (int i = 0; i < r0.length; i++) {
                            jac[i][j] = (rj[i] - r0[i]) / 1e-5;
                        }
                    }
                    return new Pair<>(new ArrayRealVector(r0, false), new Array2DRowRealMatrix(jac, false));
                })
                .maxEvaluations(2000)
                .maxIterations(500)
                .build();
        double[] best =
                new LevenbergMarquardtOptimizer().optimize(problem).getPoint().toArray();
        TwoNodeThermalModel m = model(best, coreHeatCapacityJPerK, coreToSurfaceKPerW);
        return new Result(m, surfaceRmse(m, timeS, heatW, ambientDegC, surfaceDegC));
    }

    private static TwoNodeThermalModel model(double[] th, double coreCapacity, double coreToSurface) {
        return new TwoNodeThermalModel(coreCapacity, Math.exp(th[0]), coreToSurface, Math.exp(th[1]));
    }
}
