package org.healbms.sim.plant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.healbms.sim.plant.ageing.LithiumPlating;
import org.junit.jupiter.api.Test;

/** Lithium plates when a cell is charged cold and fast, not on a gentle charge at room temperature. */
class LithiumPlatingTest {

    /** A one-cell pack at {@code degC} charged CC-CV at {@code cRate} from 10 % until the current tapers to C/20. */
    private static AgeingCell chargeFull(double degC, double cRate) {
        AgeingCell cell = PlantCells.nominal(0.1, degC);
        AgeingPack pack = new AgeingPack(List.of(cell), new EmulatedCharger(3.0), AmbientProfile.constant(degC));
        double request = cRate * cell.ratedCapacityAh();
        pack.step(1.0, request);
        while (pack.currentA() > cell.ratedCapacityAh() / 20) {
            pack.step(1.0, request);
            assertThat(pack.voltage()).isLessThan(cell.parameters().maxVoltageV() + 0.005);
        }
        return cell;
    }

    @Test
    void chargingAtZeroDegCAt1CPlates() {
        AgeingCell cell = chargeFull(0.0, 1.0);
        LithiumPlating plating = cell.ageing().plating();
        assertThat(plating.platedAh()).isGreaterThan(0.002);
        assertThat(cell.soc()).isGreaterThan(0.9);
    }

    @Test
    void chargingAt25DegCAtHalfCDoesNotPlate() {
        AgeingCell cell = chargeFull(25.0, 0.5);
        assertThat(cell.ageing().plating().platedAh()).isZero();
        assertThat(cell.soc()).isGreaterThan(0.9);
    }

    @Test
    void colderAndFasterPlatesMore() {
        double cold = chargeFull(0.0, 1.0).ageing().plating().platedAh();
        assertThat(chargeFull(-10.0, 1.0).ageing().plating().platedAh()).isGreaterThan(cold);
        assertThat(chargeFull(0.0, 0.5).ageing().plating().platedAh()).isLessThan(cold);
    }

    @Test
    void aRestStripsMostOfThePlatedLithiumAndLeavesSomeDead() {
        AgeingCell cell = chargeFull(0.0, 1.0);
        LithiumPlating plating = cell.ageing().plating();
        double plated = plating.platedAh();
        cell.rest(6 * 3600.0, 0.0);
        assertThat(plating.reversibleAh()).isLessThan(0.01 * plated);
        // Of what plated, dead lithium is the share that lost contact before it stripped (about 30 %).
        assertThat(plating.deadAh()).isBetween(0.2 * plated, 0.45 * plated);
        assertThat(plating.capacityLoss()).isEqualTo(plating.deadAh() / cell.ratedCapacityAh());
    }
}
