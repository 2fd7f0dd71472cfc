package org.healbms.core.estimation;

/**
 * A cell's resistance against the new cell's at the same SoC and temperature (1 when new, above 1 as
 * it ages), from its voltage response to changes of current ({@link ResistanceResponse}): over ten hours
 * of driving, the state of health, and over the last five minutes or so, for comparing before and after
 * something was done to the cell. NaN where not known yet (no driving seen, or too little for a 1σ).
 *
 * @param health      over the long memory
 * @param sigma       its 1σ
 * @param recent      over the recent memory
 * @param recentSigma its 1σ
 */
public record ResistanceHealth(double health, double sigma, double recent, double recentSigma) {

    public static final ResistanceHealth UNKNOWN = new ResistanceHealth(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
}
