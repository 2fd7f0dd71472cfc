package org.healbms.drivers.ad5941;

import java.time.Instant;
import java.util.List;

/** One impedance sweep of a cell, in the order the frequencies were measured. */
public record ImpedanceSpectrum(List<ImpedancePoint> points, double rcalOhm, Instant startedAt, Instant finishedAt) {

    public ImpedanceSpectrum {
        points = List.copyOf(points);
    }
}
