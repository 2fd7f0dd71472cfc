package org.healbms.core.health;

/** Quantiles of Student's t distribution, for intervals from fits with few degrees of freedom. */
final class StudentT {

    private StudentT() {}

    /**
     * The {@code p} quantile (0.5 &lt; p &lt; 1) for {@code dof} degrees of freedom; the normal quantile for
     * infinite dof.
     */
    static double quantile(double p, double dof) {
        if (!(p > 0.5 && p < 1)) {
            throw new IllegalArgumentException("quantile probability must be in (0.5, 1), got " + p);
        }
        if (!(dof > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be > 0, got " + dof);
        }
        double lo = 0;
        double hi = 1;
        while (cdf(hi, dof) < p) {
            hi *= 2;
        }
        // Bisection: the CDF is monotone and smooth, and 100 halvings reach double precision.
        for (int i = 0; i < 100; i++) {
            double mid = 0.5 * (lo + hi);
            if (cdf(mid, dof) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** P(T <= t) for t >= 0. */
    static double cdf(double t, double dof) {
        if (Double.isInfinite(dof)) {
            return 0.5 * (1 + erf(t / Math.sqrt(2)));
        }
        return 1 - 0.5 * regularizedIncompleteBeta(dof / (dof + t * t), dof / 2, 0.5);
    }

    private static double erf(double x) {
        // erf(x) = P(1/2, x^2): the series of the regularized lower incomplete gamma has only positive terms,
        // so it keeps full precision where the Taylor series of erf would cancel.
        double z = x * x;
        double a = 0.5;
        double term = 1 / a;
        double sum = term;
        for (int n = 1; n < 10_000 && term > sum * 1e-17; n++) {
            term *= z / (a + n);
            sum += term;
        }
        double p = sum * Math.exp(-z + a * Math.log(z) - lnGamma(a));
        return Math.signum(x) * Math.min(1, p);
    }

    /** I_x(a, b) by the continued fraction of Numerical Recipes (Lentz's method). */
    static double regularizedIncompleteBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        // The continued fraction converges fast only for x < (a+1)/(a+b+2); use the symmetry otherwise.
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaContinuedFraction(x, a, b) / a;
        }
        return 1 - front * betaContinuedFraction(1 - x, b, a) / b;
    }

    private static double betaContinuedFraction(double x, double a, double b) {
        final double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + num * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + num / c;
            c = Math.abs(c) < tiny ? tiny : c;
            h *= d * c;
            num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + num * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + num / c;
            c = Math.abs(c) < tiny ? tiny : c;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-15) {
                break;
            }
        }
        return h;
    }

    /** ln Gamma(x) for x > 0 (Lanczos, g = 7, 9 terms; ~1e-15 relative). */
    static double lnGamma(double x) {
        final double[] c = {
            0.99999999999980993,
            676.5203681218851,
            -1259.1392167224028,
            771.32342877765313,
            -176.61502916214059,
            12.507343278686905,
            -0.13857109526572012,
            9.9843695780195716e-6,
            1.5056327351493116e-7
        };
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
        }
        x -= 1;
        double sum = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            sum += c[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
