package org.healbms.core.cell;

import java.util.Objects;

/**
 * Parameters of the equivalent-circuit cell model used by the estimators: an OCV source with a
 * one-state hysteresis, a series resistance R0 and two RC pairs.
 *
 * <p>Sign convention everywhere in HealBMS: current is positive on charge, negative on discharge.
 * Terminal voltage is {@code v = ocv(soc, T) + h + R0·i + v1 + v2}, where each RC voltage follows
 * {@code dv/dt = -v/τ + i/C} (so {@code R = τ/C}) and the hysteresis voltage h relaxes toward
 * {@code +M} on charge and {@code -M} on discharge at a rate proportional to charge throughput:
 * {@code dh/dq = -γ/Q · (h - sign(i)·M)} (Plett's one-state model). SoC integrates current with the
 * coulombic efficiency applied on charge only: charge that goes in is not all stored, charge that comes
 * out was.
 *
 * @param name       what cell this describes, e.g. "Panasonic NCR18650PF"
 * @param charge     its capacity and coulombic efficiency
 * @param window     its voltage limits
 * @param ocvV       open-circuit voltage (hysteresis-free centre line), V
 * @param impedance  the series resistance and the two RC pairs
 * @param hysteresis the one-state hysteresis
 * @param noise      filter tuning that belongs to this model
 */
public record CellParameters(
        String name,
        Charge charge,
        VoltageWindow window,
        SocTemperatureTable ocvV,
        Impedance impedance,
        Hysteresis hysteresis,
        EstimatorNoise noise) {

    /**
     * @param capacityAh          charge capacity Q between SoC 0 and SoC 1, Ah
     * @param coulombicEfficiency fraction of charge current stored (0 < η ≤ 1)
     */
    public record Charge(double capacityAh, double coulombicEfficiency) {}

    /**
     * @param minVoltageV lower voltage limit of the cell, V
     * @param maxVoltageV upper voltage limit of the cell, V
     */
    public record VoltageWindow(double minVoltageV, double maxVoltageV) {}

    /** One RC pair: its resistance, Ω, and time constant, s (C = τ/R). */
    public record RcPair(SocTemperatureTable rOhm, SocTemperatureTable tauS) {}

    /**
     * @param r0Ohm          series (ohmic) resistance, Ω
     * @param fast           the fast RC pair
     * @param slow           the slow RC pair
     * @param chargeTransfer the non-linear charge transfer that the resistance state of health compares
     *                       against, with the series resistance beside it; null where it was not identified
     *                       (files from before it, or tests at one current), and the response is then
     *                       compared with the linear model
     */
    public record Impedance(SocTemperatureTable r0Ohm, RcPair fast, RcPair slow, ChargeTransfer chargeTransfer) {

        /** The linear model alone. */
        public Impedance(SocTemperatureTable r0Ohm, RcPair fast, RcPair slow) {
            this(r0Ohm, fast, slow, null);
        }
    }

    /**
     * @param maxV maximum hysteresis voltage M (half the charge/discharge OCV gap), V
     * @param rate dimensionless rate γ: h covers 1-1/e of its way after Q/γ of throughput
     */
    public record Hysteresis(double maxV, double rate) {}

    public CellParameters {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(charge, "charge");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(impedance, "impedance");
        Objects.requireNonNull(hysteresis, "hysteresis");
        double capacityAh = charge.capacityAh();
        double coulombicEfficiency = charge.coulombicEfficiency();
        double minVoltageV = window.minVoltageV();
        double maxVoltageV = window.maxVoltageV();
        require(capacityAh > 0 && Double.isFinite(capacityAh), "capacity_ah must be > 0, got " + capacityAh);
        require(
                coulombicEfficiency > 0 && coulombicEfficiency <= 1,
                "coulombic_efficiency must be in (0, 1], got " + coulombicEfficiency);
        require(
                minVoltageV > 0 && maxVoltageV > minVoltageV && Double.isFinite(maxVoltageV),
                "voltage limits must satisfy 0 < min_voltage_v < max_voltage_v, got " + minVoltageV + " and "
                        + maxVoltageV);
        Objects.requireNonNull(ocvV, "ocv_v");
        requireRange("ocv_v", ocvV, 0.0, 10.0);
        // A flat or falling stretch of OCV makes SoC unobservable there (the filter's slope is zero or
        // of the wrong sign); refuse it rather than let a filter silently lose track.
        double[] socGrid = ocvV.soc();
        double[] temps = ocvV.temperatureDegC();
        double[][] rows = ocvV.values();
        for (int t = 0; t < temps.length; t++) {
            for (int k = 1; k < socGrid.length; k++) {
                require(
                        rows[t][k] > rows[t][k - 1],
                        "ocv_v must rise with SoC, but at " + temps[t] + " degC it goes from " + rows[t][k - 1]
                                + " V at SoC " + socGrid[k - 1] + " to " + rows[t][k] + " V at SoC " + socGrid[k]);
            }
        }
        requireRange("r0_ohm", impedance.r0Ohm(), 0.0, 10.0);
        requireRange("r1_ohm", impedance.fast().rOhm(), 0.0, 10.0);
        requirePositiveTable("tau1_s", impedance.fast().tauS());
        requireRange("r2_ohm", impedance.slow().rOhm(), 0.0, 10.0);
        requirePositiveTable("tau2_s", impedance.slow().tauS());
        require(
                hysteresis.maxV() >= 0 && hysteresis.maxV() < 1,
                "hysteresis_v must be in [0, 1) V, got " + hysteresis.maxV());
        require(
                hysteresis.rate() >= 0 && Double.isFinite(hysteresis.rate()),
                "hysteresis_rate must be >= 0, got " + hysteresis.rate());
        Objects.requireNonNull(noise, "noise");
    }

    // The model's parameters by their usual names, as the estimators and identification read them.

    public double capacityAh() {
        return charge.capacityAh();
    }

    public double coulombicEfficiency() {
        return charge.coulombicEfficiency();
    }

    public double minVoltageV() {
        return window.minVoltageV();
    }

    public double maxVoltageV() {
        return window.maxVoltageV();
    }

    public SocTemperatureTable r0Ohm() {
        return impedance.r0Ohm();
    }

    public SocTemperatureTable r1Ohm() {
        return impedance.fast().rOhm();
    }

    public SocTemperatureTable tau1S() {
        return impedance.fast().tauS();
    }

    public SocTemperatureTable r2Ohm() {
        return impedance.slow().rOhm();
    }

    public SocTemperatureTable tau2S() {
        return impedance.slow().tauS();
    }

    /** The identified charge transfer, or null (see {@link Impedance}). */
    public ChargeTransfer chargeTransfer() {
        return impedance.chargeTransfer();
    }

    public double hysteresisV() {
        return hysteresis.maxV();
    }

    public double hysteresisRate() {
        return hysteresis.rate();
    }

    private static void requireRange(String field, SocTemperatureTable table, double min, double max) {
        Objects.requireNonNull(table, field);
        require(
                table.min() >= min && table.max() <= max,
                field + " values must lie in [" + min + ", " + max + "], got " + table.min() + " .. " + table.max());
    }

    private static void requirePositiveTable(String field, SocTemperatureTable table) {
        Objects.requireNonNull(table, field);
        require(table.min() > 0, field + " values must be > 0, got minimum " + table.min());
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The same cell with the charge transfer identified beside its linear model (null for none). */
    public CellParameters withChargeTransfer(ChargeTransfer transfer) {
        return new CellParameters(
                name,
                charge,
                window,
                ocvV,
                new Impedance(impedance.r0Ohm(), impedance.fast(), impedance.slow(), transfer),
                hysteresis,
                noise);
    }

    /** The same cell with other filter noise, e.g. with state-of-health learning switched on. */
    public CellParameters withNoise(EstimatorNoise otherNoise) {
        return new CellParameters(name, charge, window, ocvV, impedance, hysteresis, otherNoise);
    }
}
