package org.healbms.cli.lifetime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.healbms.healing.ActionRecord;
import org.healbms.healing.HealingController;
import org.healbms.sim.plant.AgeingCell;
import org.healbms.sim.plant.AgeingPack;
import org.healbms.sim.plant.ageing.ContactLoss;

/**
 * Every thermal activation the firmware gave over a life, with its verdict (the firmware's R0 before
 * and after) beside what the plant knows it did: the healable contact damage the cell had when the
 * dose began, and the resistance the dose restored. Told by the healing controller on the control
 * loop's thread, the thread that steps the plant, so the truth it reads is the tick's.
 *
 * <p>A dose's effect is taken from the plant's healed-damage count, which moves only while a cell is
 * above the binder's activation temperature: what it healed from the dose's start to the cell's next
 * dose (or the end of the life) is that dose's, cooling after the heater stopped included; the
 * resistance the cell's other ageing adds meanwhile is not the dose's and is left out.
 */
public final class DoseTruth implements ActionRecord {

    /** The action whose doses are judged here, as the rules file names it. */
    static final String THERMAL_ACTIVATION = "thermal_activation";
    /**
     * A dose that changes the ohmic resistance by less than this fraction changed nothing the firmware's
     * verdict is built to resolve: the least change it counts (its verdict is a 2-sigma test on the
     * recent resistance health, never finer than this).
     */
    static final double RESISTANCE_RESOLUTION = HealingController.VERIFY_LEAST_CHANGE;
    /** Below this healable damage (fraction of particles) a cell has nothing to heal: a dose to it is false. */
    static final double NO_HEALABLE_DAMAGE = 1e-4;

    /** One dose: the truth when it began, the firmware's verdict (null until judged), the truth it left. */
    record Dose(int cell, double healableBefore, double healedBefore, double resistanceFactor, String verdict) {

        Dose judged(String v) {
            return new Dose(cell, healableBefore, healedBefore, resistanceFactor, v);
        }

        /** Whether the cell had anything to heal when the dose began. */
        boolean falseAction() {
            return healableBefore < NO_HEALABLE_DAMAGE;
        }
    }

    /** The plant's verdict on a dose, in the firmware's terms (improved, unchanged, worse). */
    static String truth(double healed, double resistanceFactor) {
        double change = -ContactLoss.RESISTANCE_PER_DAMAGE * healed / resistanceFactor;
        return change <= -RESISTANCE_RESOLUTION ? "improved" : change >= RESISTANCE_RESOLUTION ? "worse" : "unchanged";
    }

    private final AgeingPack pack;
    private final List<Dose> doses = new ArrayList<>();
    /** Per cell, the index of its latest dose in {@link #doses}. */
    private final Map<Integer, Integer> latest = new HashMap<>();
    /** Per dose index, what it healed, once the cell's next dose has begun. */
    private final Map<Integer, Double> healedBy = new HashMap<>();

    DoseTruth(AgeingPack pack) {
        this.pack = pack;
    }

    @Override
    public void acted(int cell, String ruleId, String action, boolean carriedOut, boolean judged) {
        if (!carriedOut || !action.equals(THERMAL_ACTIVATION) || cell < 1 || cell > pack.cells()) {
            return;
        }
        AgeingCell c = pack.cell(cell);
        double healedNow = c.ageing().contact().healedDamage();
        Integer previous = latest.get(cell);
        if (previous != null) {
            healedBy.put(previous, healedNow - doses.get(previous).healedBefore());
        }
        latest.put(cell, doses.size());
        doses.add(new Dose(
                cell,
                c.ageing().contact().healableDamage(),
                healedNow,
                c.ageing().resistanceFactor(),
                null));
    }

    @Override
    public void judged(int cell, String ruleId, String verdict) {
        Integer k = latest.get(cell);
        if (k != null && doses.get(k).verdict() == null) {
            doses.set(k, doses.get(k).judged(verdict));
        }
    }

    /** The doses' tallies as the life ends: what each healed is read now for the cells' last doses. */
    Tally tally() {
        int agree = 0;
        int judgedDoses = 0;
        int falseActions = 0;
        int awaiting = 0;
        Map<String, Map<String, Integer>> table = new HashMap<>();
        for (int k = 0; k < doses.size(); k++) {
            Dose d = doses.get(k);
            if (d.falseAction()) {
                falseActions++;
            }
            if (d.verdict() == null) {
                awaiting++;
                continue;
            }
            if (d.verdict().equals("aborted")) {
                continue;
            }
            double healed = healedBy.containsKey(k)
                    ? healedBy.get(k)
                    : pack.cell(d.cell()).ageing().contact().healedDamage() - d.healedBefore();
            String truth = truth(healed, d.resistanceFactor());
            judgedDoses++;
            if (truth.equals(d.verdict())) {
                agree++;
            }
            table.computeIfAbsent(d.verdict(), v -> new HashMap<>()).merge(truth, 1, Integer::sum);
        }
        return new Tally(doses.size(), falseActions, judgedDoses, agree, awaiting, table);
    }

    /**
     * @param awaitingVerdict doses given whose verdict had not come when the life ended (a dose is
     *                        judged after the drive that follows it)
     * @param verdicts        firmware verdict -> plant's verdict -> doses
     */
    public record Tally(
            int doses,
            int falseActions,
            int judged,
            int agreeing,
            int awaitingVerdict,
            Map<String, Map<String, Integer>> verdicts) {

        /** The fraction of judged doses whose verdict the plant's truth confirms; NaN with none judged. */
        public double agreement() {
            return judged == 0 ? Double.NaN : (double) agreeing / judged;
        }
    }
}
