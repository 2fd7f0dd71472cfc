package org.healbms.drivers.ntc;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The Steinhart-Hart law 1/T = A + B·ln R + C·(ln R)³, fitted by least squares to a vendor's R-T
 * table: across −40..125 °C it follows a real part to a few hundredths of a kelvin, where the Beta
 * law drifts by a kelvin or more away from its two points.
 */
public record SteinhartHart(double a, double b, double c) implements Thermistor {

    private static final double KELVIN = 273.15;

    /** One row of a vendor table. */
    public record Point(double temperatureDegC, double resistanceOhm) {}

    /** Semitec 103AT (10 kOhm, B25/85 = 3435 K) from its datasheet (fact sheet §3). */
    public static final List<Point> SEMITEC_103AT = List.of(
            new Point(-40, 248_300),
            new Point(0, 28_700),
            new Point(25, 10_000),
            new Point(45, 4_847),
            new Point(60, 2_981),
            new Point(85, 1_451),
            new Point(125, 553.7));

    public static SteinhartHart fit(List<Point> table) {
        if (table.size() < 3) {
            throw new IllegalArgumentException(
                    "a Steinhart-Hart fit needs at least three table points, got " + table.size());
        }
        DMatrixRMaj x = new DMatrixRMaj(table.size(), 3);
        DMatrixRMaj y = new DMatrixRMaj(table.size(), 1);
        for (int i = 0; i < table.size(); i++) {
            double ln = Math.log(table.get(i).resistanceOhm());
            x.set(i, 0, 1);
            x.set(i, 1, ln);
            x.set(i, 2, ln * ln * ln);
            y.set(i, 0, 1.0 / (table.get(i).temperatureDegC() + KELVIN));
        }
        DMatrixRMaj coefficients = new DMatrixRMaj(3, 1);
        if (!CommonOps_DDRM.solve(x, y, coefficients)) {
            throw new IllegalArgumentException("the table does not determine a Steinhart-Hart curve");
        }
        return new SteinhartHart(coefficients.get(0), coefficients.get(1), coefficients.get(2));
    }

    @Override
    public double temperatureDegC(double resistanceOhm) {
        double ln = Math.log(resistanceOhm);
        return 1.0 / (a + b * ln + c * ln * ln * ln) - KELVIN;
    }

    @Override
    public double resistanceOhm(double temperatureDegC) {
        // Newton on f(x) = a + b·x + c·x³ − 1/T for x = ln R, from the linear (Beta-like) guess;
        // the cubic term is small, so a few steps reach double precision.
        double target = 1.0 / (temperatureDegC + KELVIN);
        double x = (target - a) / b;
        for (int i = 0; i < 50; i++) {
            double f = a + b * x + c * x * x * x - target;
            double step = f / (b + 3 * c * x * x);
            x -= step;
            if (Math.abs(step) < 1e-12) {
                break;
            }
        }
        return Math.exp(x);
    }
}
