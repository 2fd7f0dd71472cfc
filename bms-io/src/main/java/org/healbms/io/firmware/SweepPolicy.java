package org.healbms.io.firmware;

import java.time.Duration;

/**
 * When the firmware sweeps a cell's impedance, and which fits it keeps (configuration keys
 * {@code eis_interval_s}, {@code eis_rest_s}, {@code eis_max_fit_error}).
 *
 * @param interval    least time between scheduled sweeps of one cell; zero = only on request
 * @param rest        how long the pack current must have stayed under the rest current first:
 *                    after a load the cell's polarisation relaxes for tens of minutes, and a
 *                    spectrum taken before it has would read a charge transfer that is not there
 * @param maxFitError a fit whose RMS error relative to |Z| is above this describes the spectrum too
 *                    poorly for its R_ct to be tracked; it is refused (and logged)
 */
public record SweepPolicy(Duration interval, Duration rest, double maxFitError) {

    /** Sweeps only on request, after 30 min of rest, fits within 3 % (the Panasonic lab spectra fit at 1.4 % median). */
    public static final SweepPolicy ON_REQUEST = new SweepPolicy(Duration.ZERO, Duration.ofMinutes(30), 0.03);

    public SweepPolicy {
        if (interval.isNegative() || !rest.isPositive() || !(maxFitError > 0)) {
            throw new IllegalArgumentException(
                    "impedance sweeps need an interval >= 0, a rest time > 0 and a fit-error " + "limit > 0, got "
                            + interval + ", " + rest + ", " + maxFitError);
        }
    }

    public boolean scheduled() {
        return !interval.isZero();
    }
}
