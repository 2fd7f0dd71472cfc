package org.healbms.drivers.hyperion;

import java.time.Instant;

/**
 * One acquisition of an FBG interrogator: the peak wavelengths found on each fibre channel (nm, in
 * wavelength order as the instrument reports them), with the instrument's serial and timestamp.
 */
public record PeakFrame(long serial, long seconds, int nanoseconds, double[][] peaksNm) {

    public PeakFrame {
        double[][] copy = new double[peaksNm.length][];
        for (int c = 0; c < peaksNm.length; c++) {
            copy[c] = peaksNm[c].clone();
        }
        peaksNm = copy;
    }

    public Instant timestamp() {
        return Instant.ofEpochSecond(seconds, nanoseconds);
    }

    public int channels() {
        return peaksNm.length;
    }

    /** Peaks of channel {@code channel} (1-based, as the instrument numbers them). */
    public double[] peaks(int channel) {
        return peaksNm[channel - 1].clone();
    }

    @Override
    public double[][] peaksNm() {
        double[][] copy = new double[peaksNm.length][];
        for (int c = 0; c < peaksNm.length; c++) {
            copy[c] = peaksNm[c].clone();
        }
        return copy;
    }
}
