package org.healbms.firmware.passport;

import java.util.List;
import java.util.Map;
import org.healbms.core.life.EventCount;
import org.healbms.core.life.HealingEntry;
import org.healbms.core.life.LifeStoryLimits;
import org.healbms.core.life.LifeStoryRecord;
import org.healbms.core.life.Throughput;
import org.healbms.core.protection.CellLimits;

/** A two-cell pack's passport with known figures, for the passport's tests here and in the CLI's. */
public final class PassportFixture {

    public static final long FIRST = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    public static final long LAST = FIRST + 86_400_000L;

    /** A manufacturer's declaration of what no BMS measures, in the model's shape. */
    public static final String DECLARATION = """
            {"batteryTechicalProperties": {
               "ratedMaximumPower": 0.07, "powerCapabilityRatio": 3.3, "ratedEnergy": 0.0209,
               "expectedNumberOfCycles": 500, "initialSelfDischarge": 3.0, "roundtripEfficiency": 95.0,
               "expectedLifetime": 5, "nominalVoltage": 7.2, "capacityThresholdForExhaustion": 80.0,
               "lifetimeReferenceTest": "https://example.org/ncr18650pf-cycle-life",
               "cRateLifeCycleTest": 0.5, "temperatureRangeIdleState": {"minimum": -20.0, "maximum": 50.0},
               "roundTripEfficiencyat50PerCentCycleLife": 93.0, "roundTripEfficiencyFade": 2.0},
             "batteryCondition": {
               "currentSelfDischargingRate": {"currentSelfDischargingRateValue": 3.1,
                                              "lastUpdate": "2026-01-01T00:00:00Z"},
               "evolutionOfSelfDischarge": {"evolutionOfSelfDischargeValue": 3.3, "lastUpdate": "2026-01-01T00:00:00Z"},
               "stateOfCertifiedEnergy": {"stateOfCertifiedEnergyValue": 97.0, "lastUpdate": "2026-01-01T00:00:00Z"},
               "remainingEnergy": {"remainingEnergyValue": 0.02, "lastUpdate": "2026-01-01T00:00:00Z"},
               "remainingRoundTripEnergyEfficiency": {"remainingRoundTripEnergyEfficiencyValue": 94.0,
                                                      "lastUpdate": "2026-01-01T00:00:00Z"}}}
            """;

    private PassportFixture() {}

    public static Passport twoCells() {
        Ratings ratings = new Ratings(2, 2.9, 2.5, 4.2, 0.03, LifeStoryLimits.of(CellLimits.ncr18650pf()));
        Throughput cell1 = new Throughput(
                30.0, 29.0, 0.111, 0.104, 120, 0, 600, 60, new EventCount(2, LAST - 5000), EventCount.NONE);
        Throughput cell2 =
                new Throughput(30.0, 29.0, 0.112, 0.105, 0, 0, 0, 60, EventCount.NONE, new EventCount(1, LAST - 1000));
        Throughput pack = new Throughput(
                30.0,
                29.0,
                0.223,
                0.209,
                120,
                0,
                600,
                60,
                new EventCount(2, LAST - 5000),
                new EventCount(1, LAST - 1000));
        LifeStoryRecord story = new LifeStoryRecord(
                FIRST,
                LAST,
                86_400,
                pack,
                List.of(cell1, cell2),
                Map.of("CELL_OVERVOLTAGE", new EventCount(1, LAST - 1000)),
                EventCount.NONE);
        List<CellHealth> health = List.of(
                new CellHealth(1, 0.60, 0.01, 2.755, 0.029, 1.20, 0.02, 0.15, 0.03, LAST - 3_600_000),
                new CellHealth(2, 0.70, 0.01, 2.842, 0.029, 1.10, 0.02, Double.NaN, Double.NaN, -1));
        List<HealingEntry> healing = List.of(
                new HealingEntry(LAST - 7_200_000, 1, "ct-growth", "thermal_activation", "improved; eis unchanged"));
        return new Passport(
                LAST,
                ratings,
                story,
                health,
                healing,
                Map.of("ct-growth", Map.of("acted", 1L, "improved", 1L), "ct-growth/eis", Map.of("unchanged", 1L)));
    }
}
