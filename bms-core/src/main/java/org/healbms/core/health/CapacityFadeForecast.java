package org.healbms.core.health;

/**
 * A cell's capacity forecast from its check-up history.
 *
 * @param referenceCapacityAh the first check-up's capacity, which end of life is relative to
 * @param lastCheckup         the latest check-up the forecast starts from
 * @param fit                 the fade law chosen and fitted
 * @param prediction          the capacity predicted at the requested cycle
 * @param endOfLife           when the capacity reaches the end-of-life fraction of the reference
 */
public record CapacityFadeForecast(
        double referenceCapacityAh,
        CapacityCheckup lastCheckup,
        FadeFit fit,
        CapacityPrediction prediction,
        CapacityThresholdCrossing endOfLife) {}
