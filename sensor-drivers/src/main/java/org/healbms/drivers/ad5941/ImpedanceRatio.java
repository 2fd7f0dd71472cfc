package org.healbms.drivers.ad5941;

import java.time.Instant;

/** The RCAL ratio method: {@code Z_cell = V_cell / V_rcal × R_cal}, with its fault checks. */
final class ImpedanceRatio {

    private ImpedanceRatio() {}

    static ImpedancePoint point(
            double frequencyHz, DftResult rcal, DftResult cell, double rcalOhm, Instant measuredAt) {
        ImpedanceFault fault = fault(rcal, cell);
        if (fault != ImpedanceFault.NONE) {
            return new ImpedancePoint(frequencyHz, Double.NaN, Double.NaN, fault, rcal, cell, measuredAt);
        }
        Complex z = cell.phasor().dividedBy(rcal.phasor()).times(rcalOhm);
        return new ImpedancePoint(frequencyHz, z.re(), z.im(), fault, rcal, cell, measuredAt);
    }

    private static ImpedanceFault fault(DftResult rcal, DftResult cell) {
        if (rcal.clipped() || cell.clipped()) {
            return ImpedanceFault.CLIPPED;
        }
        if (rcal.phasor().abs() < Ad5941.MIN_RCAL_CODES) {
            return ImpedanceFault.NO_EXCITATION;
        }
        return ImpedanceFault.NONE;
    }
}
