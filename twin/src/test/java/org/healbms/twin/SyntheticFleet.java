package org.healbms.twin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EquivalentCircuitCell;
import org.healbms.core.reading.Quality;
import org.healbms.io.cell.CellParameterFile;
import org.healbms.twin.telemetry.TelemetryRecord;

/**
 * Telemetry of packs of model cells driven by a pulsed current, for tests: each cell is the bundled
 * cell file's equivalent circuit from its own start SoC, so cells and packs differ.
 */
public final class SyntheticFleet {

    public static final long START_NANOS = 1_767_225_600_000_000_000L;

    private SyntheticFleet() {}

    public static CellParameters cell() {
        String bundled = "/org/healbms/io/cell/NCR18650PF_25degC.cell.json";
        try (InputStream in = SyntheticFleet.class.getResourceAsStream(bundled)) {
            Path file = Files.createTempFile("twin", ".cell.json");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            CellParameters p = CellParameterFile.read(file).parameters();
            Files.delete(file);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A pack's records at 1 s ticks: the current pulses between discharge and rest every 30 s. */
    public static List<TelemetryRecord> pack(CellParameters p, int cells, double soc0, int ticks) {
        EquivalentCircuitCell[] plant = new EquivalentCircuitCell[cells];
        for (int k = 0; k < cells; k++) {
            plant[k] = new EquivalentCircuitCell(p, soc0 - 0.02 * k);
        }
        List<TelemetryRecord> records = new ArrayList<>(ticks);
        Quality[] ok = new Quality[cells];
        Arrays.fill(ok, Quality.OK);
        double[] temperature = new double[cells];
        Arrays.fill(temperature, 25.0);
        for (int t = 0; t < ticks; t++) {
            double current = (t / 30) % 2 == 0 ? -3.0 : 0.0;
            double[] v = new double[cells];
            for (int k = 0; k < cells; k++) {
                if (t > 0) {
                    plant[k].step(1.0, current, 25.0);
                }
                v[k] = plant[k].terminalVoltage(current, 25.0);
            }
            records.add(new TelemetryRecord(
                    t, START_NANOS + t * 1_000_000_000L, current, Quality.OK, v, ok, temperature, ok, List.of()));
        }
        return records;
    }

    /**
     * A cold pack's eventful records at 1 s ticks, for the signatures and the faults: a 1C charge at
     * 8 degC for 2 min (plating risk), then 1C discharge pulses; cell 2 runs 8 K hot from 20 s (a hot
     * spot); cell 1's temperature sensor fails from 40 to 60 s and cell 3's from 117 to 140 s (sensor
     * faults), each time with the supervisor's TEMPERATURE_MEASUREMENT fault active. At least three
     * cells.
     */
    public static List<TelemetryRecord> eventful(CellParameters p, int cells, double soc0, int ticks) {
        EquivalentCircuitCell[] plant = new EquivalentCircuitCell[cells];
        for (int k = 0; k < cells; k++) {
            plant[k] = new EquivalentCircuitCell(p, soc0 - 0.02 * k);
        }
        List<TelemetryRecord> records = new ArrayList<>(ticks);
        for (int t = 0; t < ticks; t++) {
            double current = t < 120 ? p.capacityAh() : (t / 30) % 2 == 0 ? -p.capacityAh() : 0.0;
            double[] v = new double[cells];
            double[] temperature = new double[cells];
            Quality[] vq = new Quality[cells];
            Quality[] tq = new Quality[cells];
            boolean failed = false;
            for (int k = 0; k < cells; k++) {
                temperature[k] = 8.0 + (k == 1 && t >= 20 ? 8.0 : 0.0) + 0.01 * k;
                if (t > 0) {
                    plant[k].step(1.0, current, temperature[k]);
                }
                v[k] = plant[k].terminalVoltage(current, temperature[k]);
                vq[k] = Quality.OK;
                boolean sensor = (k == 0 && t >= 40 && t < 60) || (k == 2 && t >= 117 && t < 140);
                tq[k] = sensor ? Quality.SENSOR_FAULT : Quality.OK;
                if (sensor) {
                    temperature[k] = Double.NaN;
                    failed = true;
                }
            }
            records.add(new TelemetryRecord(
                    t,
                    START_NANOS + t * 1_000_000_000L,
                    current,
                    Quality.OK,
                    v,
                    vq,
                    temperature,
                    tq,
                    failed ? List.of("TEMPERATURE_MEASUREMENT") : List.of()));
        }
        return records;
    }
}
