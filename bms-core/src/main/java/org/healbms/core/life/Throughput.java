package org.healbms.core.life;

/**
 * What went through a cell (or the pack) and what it went through, since the first power-on.
 *
 * @param chargeAh             charge put in, Ah
 * @param dischargeAh          charge taken out, Ah
 * @param chargeKWh            energy put in, kWh (at the cells' terminals)
 * @param dischargeKWh         energy taken out, kWh
 * @param extremeHighS         time above the extreme high temperature, s
 * @param extremeLowS          time below the extreme low temperature, s
 * @param extremeHighChargingS time above the charging window's high temperature while charging, s
 * @param extremeLowChargingS  time below the charging window's low temperature while charging, s
 * @param deepDischarges       times the cell voltage fell below the deep-discharge threshold
 * @param overcharges          times it rose above the overcharge threshold
 */
public record Throughput(
        double chargeAh,
        double dischargeAh,
        double chargeKWh,
        double dischargeKWh,
        double extremeHighS,
        double extremeLowS,
        double extremeHighChargingS,
        double extremeLowChargingS,
        EventCount deepDischarges,
        EventCount overcharges) {

    public static final Throughput NONE = new Throughput(0, 0, 0, 0, 0, 0, 0, 0, EventCount.NONE, EventCount.NONE);

    public Throughput {
        double[] all = {
            chargeAh,
            dischargeAh,
            chargeKWh,
            dischargeKWh,
            extremeHighS,
            extremeLowS,
            extremeHighChargingS,
            extremeLowChargingS
        };
        for (double v : all) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("throughput and times must be finite and >= 0, got " + v);
            }
        }
        if (deepDischarges == null || overcharges == null) {
            throw new IllegalArgumentException("a throughput needs its deep-discharge and overcharge counts");
        }
    }

    /** Equivalent full cycles: the charge moved both ways over twice the rated capacity. */
    public double equivalentFullCycles(double ratedCapacityAh) {
        return (chargeAh + dischargeAh) / (2 * ratedCapacityAh);
    }
}
