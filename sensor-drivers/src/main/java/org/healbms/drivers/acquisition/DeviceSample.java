package org.healbms.drivers.acquisition;

import org.healbms.core.reading.Quality;

/** One successful sampling of a device: its channel values, their quality, and when. */
record DeviceSample(double[] values, Quality[] quality, long sampledAtNanos) {

    DeviceSample {
        values = values.clone();
        quality = quality.clone();
    }
}
