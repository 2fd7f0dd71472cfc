package org.healbms.sim.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.healbms.sim.plant.ageing.AgeingRates;
import org.healbms.sim.plant.ageing.CellAgeing;
import org.healbms.sim.plant.ageing.ContactLoss;
import org.healbms.sim.plant.ageing.StepConditions;
import org.junit.jupiter.api.Test;

/**
 * The healable mechanism: a thermal dose restores part of the contact lost to cracking, less on each
 * repeated dose and less for old damage, and the hours hot cost SEI growth.
 */
class ContactHealingTest {

    private static final double DAY_S = 86_400.0;

    /** Holds a contact-loss state at {@code degC} for {@code seconds} in 1 s steps, then cools it below activation. */
    private static void dose(ContactLoss contact, double degC, int seconds) {
        for (int s = 0; s < seconds; s++) {
            contact.step(new StepConditions(1.0, 0.0, degC, 0.5, 0.12, 0.1, 3.0));
        }
        contact.step(new StepConditions(1.0, 0.0, 25.0, 0.5, 0.12, 0.1, 3.0));
    }

    @Test
    void eachDoseHealsAFractionOfTheHealableDamageAndLessEachTime() {
        ContactLoss contact = ContactLoss.withDamage(1.0, 0.05);
        double[] healedFraction = new double[3];
        for (int d = 0; d < 3; d++) {
            double before = contact.healableDamage();
            dose(contact, 70.0, 1800);
            healedFraction[d] = 1 - contact.healableDamage() / before;
        }
        assertThat(contact.doses()).isEqualTo(3);
        assertThat(healedFraction[0]).isCloseTo(0.54, within(0.02));
        assertThat(healedFraction[1]).isBetween(0.2, healedFraction[0] - 0.1);
        assertThat(healedFraction[2]).isBetween(0.1, healedFraction[1] - 0.05);
        assertThat(contact.binderReserve()).isLessThan(0.3);
    }

    @Test
    void belowActivationNothingHeals() {
        ContactLoss contact = ContactLoss.withDamage(1.0, 0.05);
        dose(contact, 55.0, 3600);
        assertThat(contact.healedDamage()).isZero();
        assertThat(contact.doses()).isZero();
    }

    @Test
    void oldDamageHasSetAndHealsLess() {
        ContactLoss fresh = ContactLoss.withDamage(1.0, 0.05);
        ContactLoss old = ContactLoss.withDamage(1.0, 0.05);
        old.step(new StepConditions(90 * DAY_S, 0.0, 25.0, 0.5, 0.12, 0.1, 3.0));
        assertThat(old.damage()).isCloseTo(0.05, within(1e-12));
        dose(fresh, 70.0, 1800);
        dose(old, 70.0, 1800);
        assertThat(old.healedDamage()).isLessThan(0.1 * fresh.healedDamage());
        assertThat(old.damage()).isGreaterThan(fresh.damage());
    }

    @Test
    void cyclingCracksContactsFasterAtHigherRate() {
        ContactLoss slow = new ContactLoss(1.0);
        ContactLoss fast = new ContactLoss(1.0);
        // The same throughput (100 equivalent cycles of a 3 Ah cell) at C/2 and at 1 C.
        slow.step(new StepConditions(2 * 100 * 2 * 3600.0, -1.5, 25.0, 0.5, 0.12, 0.1, 3.0));
        fast.step(new StepConditions(2 * 100 * 3600.0, -3.0, 25.0, 0.5, 0.12, 0.1, 3.0));
        assertThat(fast.damage()).isCloseTo(2 * slow.damage(), within(0.05 * slow.damage()));
        assertThat(slow.damage()).isGreaterThan(0);
    }

    @Test
    void aHeaterDoseOnACellRestoresCapacityAndResistanceAndCostsSei() {
        AgeingCell healed = cellWithDamage(0.05);
        AgeingCell unheated = cellWithDamage(0.05);
        double capacityBefore = healed.capacityAh();
        double resistanceBefore = healed.resistanceScale();
        AgeingPack pack = new AgeingPack(List.of(healed), new EmulatedCharger(3.0), AmbientProfile.constant(25.0));
        var heater = pack.heater(1, 10.0);
        // A bang-bang hold at 70 degC for 30 min on the virtual clock, then the cell cools.
        double heldS = 0;
        double elapsed = 0;
        while (heldS < 1800) {
            heater.accept(healed.surfaceDegC() < 70.0 ? 1.0 : 0.0);
            pack.step(1.0, 0.0);
            elapsed += 1;
            if (healed.coreDegC() >= 69.0) {
                heldS += 1;
            }
            assertThat(healed.surfaceDegC()).isLessThan(72.0);
        }
        heater.accept(0.0);
        pack.rest(6 * 3600.0);
        unheated.rest(elapsed + 6 * 3600.0, 25.0);
        assertThat(healed.ageing().contact().doses()).isEqualTo(1);
        assertThat(healed.capacityAh()).isGreaterThan(capacityBefore + 0.015 * healed.ratedCapacityAh());
        assertThat(healed.resistanceScale()).isLessThan(resistanceBefore - 0.08);
        // The price: the hot half hour grew the SEI more than the same time at 25 degC.
        assertThat(healed.ageing().calendar().capacityLoss())
                .isGreaterThan(unheated.ageing().calendar().capacityLoss() * 1.01);
    }

    private static AgeingCell cellWithDamage(double damage) {
        return new AgeingCell(
                PlantCells.ncr18650pf(),
                PlantCells.IN_PACK,
                CellVariation.NOMINAL,
                new CellAgeing(AgeingRates.NOMINAL, ContactLoss.withDamage(1.0, damage)),
                0.5,
                25.0);
    }
}
