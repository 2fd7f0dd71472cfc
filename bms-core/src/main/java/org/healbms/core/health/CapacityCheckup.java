package org.healbms.core.health;

/**
 * One capacity check-up of a cell: the capacity measured after {@code cycle} (equivalent) cycles.
 *
 * @param cycle      cycle count at the check-up, as the ageing test counted it
 * @param capacityAh measured capacity in Ah
 */
public record CapacityCheckup(double cycle, double capacityAh) {

    public CapacityCheckup {
        if (!Double.isFinite(cycle) || cycle < 0) {
            throw new IllegalArgumentException("check-up cycle must be finite and >= 0, got " + cycle);
        }
        if (!Double.isFinite(capacityAh) || capacityAh <= 0) {
            throw new IllegalArgumentException(
                    "check-up capacity must be finite and > 0 Ah, got " + capacityAh + " at cycle " + cycle);
        }
    }
}
