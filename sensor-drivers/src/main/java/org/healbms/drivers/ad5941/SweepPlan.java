package org.healbms.drivers.ad5941;

import java.util.ArrayList;
import java.util.List;

/** The excitation frequencies of one impedance sweep, in the order they are measured. */
public record SweepPlan(List<Double> frequenciesHz) {

    public SweepPlan {
        if (frequenciesHz.isEmpty()) {
            throw new IllegalArgumentException("AD5941 sweep plan has no frequencies");
        }
        frequenciesHz = List.copyOf(frequenciesHz);
    }

    /** {@code points} frequencies spaced evenly on a log scale from start to stop, both included. */
    public static SweepPlan logSpaced(double startHz, double stopHz, int points) {
        if (!(startHz > 0) || !(stopHz > startHz) || points < 2) {
            throw new IllegalArgumentException("AD5941 log sweep needs 0 < start < stop and at least "
                    + "2 points, got %s..%s Hz, %d points".formatted(startHz, stopHz, points));
        }
        double ratio = Math.log(stopHz / startHz) / (points - 1);
        List<Double> frequencies = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            frequencies.add(i == points - 1 ? stopHz : startHz * Math.exp(ratio * i));
        }
        return new SweepPlan(frequencies);
    }

    /** ADI's battery example: 1 Hz to 1 kHz, 20 log-spaced points. */
    public static SweepPlan batteryDefault() {
        return logSpaced(1, 1000, 20);
    }
}
