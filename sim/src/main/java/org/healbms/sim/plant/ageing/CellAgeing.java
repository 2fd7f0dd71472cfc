package org.healbms.sim.plant.ageing;

import java.util.List;

/**
 * All of one cell's ageing mechanisms, stepped together: what the cell has lost in capacity and gained
 * in resistance is the sum of what each has done.
 */
public final class CellAgeing {

    private final CalendarSei calendar;
    private final CycleSei cycle;
    private final LithiumPlating plating;
    private final ActiveMaterialLoss activeMaterial;
    private final ContactLoss contact;
    private final List<AgeingMechanism> all;

    public CellAgeing(AgeingRates rates) {
        this(rates, new ContactLoss(rates.cracking()));
    }

    /** With a contact-loss state of its own (e.g. damage done before the run starts). */
    public CellAgeing(AgeingRates rates, ContactLoss contact) {
        this.calendar = new CalendarSei(rates.sei());
        this.cycle = new CycleSei(rates.cycleSei());
        this.plating = new LithiumPlating(rates.plating());
        this.activeMaterial = new ActiveMaterialLoss(rates.activeMaterial());
        this.contact = contact;
        this.all = List.of(calendar, cycle, plating, activeMaterial, contact);
    }

    public void step(StepConditions c) {
        for (AgeingMechanism m : all) {
            m.step(c);
        }
    }

    /** Capacity left, as a fraction of the new cell's. */
    public double capacityFraction() {
        double loss = 0;
        for (AgeingMechanism m : all) {
            loss += m.capacityLoss();
        }
        return Math.max(0.0, 1.0 - loss);
    }

    /** Ohmic resistance relative to the new cell's. */
    public double resistanceFactor() {
        double growth = 0;
        for (AgeingMechanism m : all) {
            growth += m.resistanceGrowth();
        }
        return 1.0 + growth;
    }

    public CalendarSei calendar() {
        return calendar;
    }

    public CycleSei cycle() {
        return cycle;
    }

    public LithiumPlating plating() {
        return plating;
    }

    public ActiveMaterialLoss activeMaterial() {
        return activeMaterial;
    }

    public ContactLoss contact() {
        return contact;
    }
}
