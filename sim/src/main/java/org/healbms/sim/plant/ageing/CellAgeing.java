package org.healbms.sim.plant.ageing;

import java.util.List;

/**
 * All of one cell's ageing mechanisms, stepped together: what the cell has lost in capacity and gained
 * in resistance is the sum of what each has done. The sums are kept from one step to the next: the
 * plant reads them many times a tick (every voltage and every resistance it computes), and the
 * mechanisms change only when they are stepped.
 */
public final class CellAgeing {

    private final CalendarSei calendar;
    private final CycleSei cycle;
    private final LithiumPlating plating;
    private final ActiveMaterialLoss activeMaterial;
    private final ContactLoss contact;
    private final List<AgeingMechanism> all;
    private double capacityFraction;
    private double resistanceFactor;

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
        sum();
    }

    public void step(StepConditions c) {
        for (AgeingMechanism m : all) {
            m.step(c);
        }
        sum();
    }

    private void sum() {
        double loss = 0;
        double growth = 0;
        for (AgeingMechanism m : all) {
            loss += m.capacityLoss();
            growth += m.resistanceGrowth();
        }
        capacityFraction = Math.max(0.0, 1.0 - loss);
        resistanceFactor = 1.0 + growth;
    }

    /** Capacity left, as a fraction of the new cell's. */
    public double capacityFraction() {
        return capacityFraction;
    }

    /** Ohmic resistance relative to the new cell's. */
    public double resistanceFactor() {
        return resistanceFactor;
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
