package org.healbms.drivers.ina228;

import java.util.Set;

/** One reading of the INA228, in SI units; current positive into the pack (charge), as wired. */
public record Ina228Reading(
        double currentA,
        double shuntVoltageV,
        double busVoltageV,
        double powerW,
        double energyJ,
        double chargeC,
        double dieTemperatureDegC,
        Set<Ina228Diagnostic> diagnostics) {

    public Ina228Reading {
        diagnostics = Set.copyOf(diagnostics);
    }
}
