package org.healbms.firmware.passport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.healbms.core.life.HealingEntry;
import org.healbms.core.life.HealingLedger;
import org.healbms.core.life.LifeStoryRecord;
import org.healbms.core.life.Throughput;
import org.junit.jupiter.api.Test;

class PassportJsonTest {

    @Test
    void aPassportRoundTripsAndUnknownFiguresAreNull() throws Exception {
        Passport p = PassportFixture.twoCells();
        ObjectNode json = PassportJson.write(p);
        assertThat(json.at("/health/1/eis_ohmic_increase_percent").isNull()).isTrue();
        assertThat(json.at("/story/pack/equivalent_full_cycles").asDouble()).isEqualTo(59 / 5.8);
        assertThat(json.at("/story/protection_faults/cell_overvoltage/count").asLong())
                .isEqualTo(1);
        Passport back = PassportJson.read(new ObjectMapper().readTree(json.toString()));
        assertThat(back).isEqualTo(p);
    }

    @Test
    void aDamagedFieldIsNamed() {
        ObjectNode json = PassportJson.write(PassportFixture.twoCells());
        ((ObjectNode) json.at("/story/cells/1")).put("charge_ah", "lots");
        assertThatThrownBy(() -> PassportJson.read(json))
                .isInstanceOf(IOException.class)
                .hasMessage("passport: charge_ah is not a number: \"lots\"");
        ((ObjectNode) json.at("/story/cells/1")).put("charge_ah", -3);
        assertThatThrownBy(() -> PassportJson.read(json)).hasMessageContaining("must be finite and >= 0, got -3.0");
    }

    /** Whatever the pack's size and its healing history, each CoAP view fits the 8 KB a client reassembles. */
    @Test
    void theViewsOfABigPackWithALongHealingHistoryStayUnder8Kb() throws Exception {
        Passport two = PassportFixture.twoCells();
        int n = 192;
        List<CellHealth> health = new ArrayList<>();
        List<Throughput> cells = new ArrayList<>();
        List<HealingEntry> healing = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            CellHealth h = two.health().getFirst();
            health.add(new CellHealth(
                    k,
                    h.soc(),
                    h.socSigma(),
                    h.capacityAh(),
                    h.capacitySigmaAh(),
                    h.resistanceScale(),
                    h.resistanceScaleSigma(),
                    h.eisOhmicIncrease(),
                    h.eisOhmicIncreaseSigma(),
                    h.eisEpochMs()));
            cells.add(two.story().cells().getFirst());
        }
        for (int i = 0; i < HealingLedger.CAPACITY; i++) {
            healing.add(new HealingEntry(i, 1 + i % n, "ct-growth-" + i % 7, "thermal_activation", "improved"));
        }
        var r = two.ratings();
        var s = two.story();
        Passport big = new Passport(
                two.savedAtEpochMs(),
                new Ratings(
                        n, r.ratedCapacityAh(), r.minCellVoltageV(), r.maxCellVoltageV(), r.initialR0Ohm(), r.limits()),
                new LifeStoryRecord(
                        s.firstEpochMs(),
                        s.lastUpdateEpochMs(),
                        s.operatingS(),
                        s.pack(),
                        cells,
                        s.faults(),
                        s.historyLost()),
                health,
                healing,
                two.healingTallies());
        ObjectMapper json = new ObjectMapper();
        ObjectNode pack = PassportJson.packView(big);
        assertThat(json.writeValueAsBytes(pack).length).isLessThan(8192);
        assertThat(pack.get("healing")).hasSize(PassportJson.VIEW_HEALING_ENTRIES);
        assertThat(pack.get("healing_kept").asInt()).isEqualTo(HealingLedger.CAPACITY);
        ObjectNode cell = PassportJson.cellView(big, 192);
        assertThat(json.writeValueAsBytes(cell).length).isLessThan(8192);
        assertThat(cell.get("healing"))
                .allSatisfy(e -> assertThat(e.get("cell").asInt()).isEqualTo(192));
    }
}
