package org.healbms.sim.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.healbms.core.cell.CellParameters;
import org.healbms.sim.plant.ageing.CellAgeing;
import org.junit.jupiter.api.Test;

/**
 * The cell file a firmware on the plant is given is the new plant cell identified across temperature:
 * its resistances at any temperature 55 K either side of the file's row are the plant's own (the single-row bundled
 * file plus the plant's Arrhenius law), so a resistance estimate measured against it reads ageing and
 * variation, not temperature.
 */
class IdentifiedAcrossTemperatureTest {

    @Test
    void theFilesResistanceIsThePlantsAtEveryTemperature() {
        CellParameters single = PlantCells.ncr18650pf();
        CellParameters identified = AgeingCell.identifiedAcrossTemperature(single);
        double row = single.r0Ohm().temperatureDegC()[0];
        assertThat(identified.r0Ohm().temperatureDegC()).containsExactly(row - 55, row, row + 55);
        for (double degC : new double[] {-20, 0, 10, 20, row, 35, 50, 70, 80}) {
            for (double soc : new double[] {0.2, 0.5, 0.9}) {
                AgeingCell plant = new AgeingCell(
                        single,
                        PlantCells.IN_PACK,
                        CellVariation.NOMINAL,
                        new CellAgeing(CellVariation.NOMINAL.rates()),
                        soc,
                        degC);
                // The plant's ohmic drop for 1 A on a cell at rest, against the identified file's R0 there.
                double plantR0 = plant.terminalVoltage(1.0) - plant.terminalVoltage(0.0);
                assertThat(identified.r0Ohm().value(soc, degC))
                        .as("%.0f degC, SoC %.1f", degC, soc)
                        .isCloseTo(plantR0, within(1e-4 * plantR0));
            }
        }
        // Colder is more resistive, as the plant's law has it; the file's own row is unchanged.
        assertThat(identified.r0Ohm().value(0.5, 0))
                .isGreaterThan(1.3 * single.r0Ohm().value(0.5, row));
        assertThat(identified.r0Ohm().value(0.5, row)).isCloseTo(single.r0Ohm().value(0.5, row), within(1e-12));
        assertThat(AgeingCell.identifiedAcrossTemperature(identified)).isSameAs(identified);
    }
}
