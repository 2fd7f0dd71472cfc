package org.healbms.core.health;

/**
 * The capacity a fade fit predicts for one cycle count.
 *
 * @param cycle      cycle count the prediction is for
 * @param capacityAh predicted capacity (the fitted fade curve)
 * @param sigmaAh    1-sigma of a check-up measured at that cycle: the fit's parameter uncertainty plus the
 *                   check-up scatter seen in the residuals
 * @param lowerAh    lower end of the 95 % prediction interval
 * @param upperAh    upper end of the 95 % prediction interval
 */
public record CapacityPrediction(double cycle, double capacityAh, double sigmaAh, double lowerAh, double upperAh) {

    /** Whether a measured capacity lies inside the 95 % prediction interval. */
    public boolean covers(double measuredAh) {
        return measuredAh >= lowerAh && measuredAh <= upperAh;
    }
}
