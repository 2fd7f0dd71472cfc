package org.healbms.sim.plant.ageing;

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
        sum();
    }

    // Each mechanism through its own field: calls through the interface over a list of the five classes
    // are not inlined, and the plant makes fifteen of them per cell and step.
    public void step(StepConditions c) {
        calendar.step(c);
        cycle.step(c);
        plating.step(c);
        activeMaterial.step(c);
        contact.step(c);
        sum();
    }

    private void sum() {
        double loss = calendar.capacityLoss();
        loss += cycle.capacityLoss();
        loss += plating.capacityLoss();
        loss += activeMaterial.capacityLoss();
        loss += contact.capacityLoss();
        double growth = calendar.resistanceGrowth();
        growth += cycle.resistanceGrowth();
        growth += plating.resistanceGrowth();
        growth += activeMaterial.resistanceGrowth();
        growth += contact.resistanceGrowth();
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
