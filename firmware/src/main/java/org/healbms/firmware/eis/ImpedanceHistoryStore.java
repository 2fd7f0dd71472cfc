package org.healbms.firmware.eis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.healbms.core.impedance.CellImpedanceCircuit;
import org.healbms.core.impedance.ImpedanceHistory;
import org.healbms.core.impedance.ImpedanceRecord;
import org.healbms.firmware.persist.SlotStore;

/**
 * The cells' impedance histories on disk: JSON (format {@code healbms-impedance} v1) in their own
 * crash-safe {@link SlotStore} ({@code impedance.a}/{@code .b} in the state directory), saved
 * whenever a sweep is recorded. A damaged newest slot falls back to the one before, with a warning,
 * as the firmware state does; with both slots damaged, or a record that checks out but cannot be
 * read, the history starts afresh (what could not be read is kept beside it for a look) rather than
 * keep the firmware from starting, because a lost history costs new baselines, not safety.
 */
public final class ImpedanceHistoryStore {

    static final String FORMAT = "healbms-impedance";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final SlotStore store;
    private final Clock wall;

    /** The histories as loaded, and what was wrong on the way. */
    public record Loaded(Map<Integer, ImpedanceHistory> histories, List<String> warnings) {}

    /** @param wall what each save is stamped with */
    public ImpedanceHistoryStore(Path directory, Clock wall) throws IOException {
        this.directory = directory;
        this.wall = wall;
        this.store = new SlotStore(directory, "impedance");
    }

    /** The saved histories (empty when none are saved yet), each keeping {@code recentCapacity} recent records. */
    public Loaded load(int recentCapacity) throws IOException {
        List<String> warnings = new ArrayList<>();
        Optional<SlotStore.Loaded> loaded;
        try {
            loaded = store.load();
        } catch (SlotStore.NoUsableRecordException e) {
            List<String> kept = store.setAside().stream()
                    .map(p -> p.getFileName().toString())
                    .toList();
            warnings.add("impedance history: " + e.getMessage() + "; kept as " + String.join(", ", kept)
                    + ", starting afresh");
            loaded = Optional.empty();
        }
        if (loaded.isEmpty()) {
            return new Loaded(new TreeMap<>(), warnings);
        }
        warnings.addAll(loaded.get().warnings());
        try {
            return new Loaded(fromJson(loaded.get().payload(), recentCapacity), warnings);
        } catch (IOException | RuntimeException e) {
            // The slot checked out, its content did not: a bug or a format from elsewhere, never guessed
            // at. It is copied aside before the next saves overwrite both slots, so nothing is lost.
            Path aside = directory.resolve("impedance." + loaded.get().sequence() + ".unreadable.json");
            Files.write(aside, loaded.get().payload());
            warnings.add("impedance history " + directory.resolve("impedance.*") + " record "
                    + loaded.get().sequence() + " unreadable (" + e.getMessage() + "); kept as " + aside.getFileName()
                    + ", starting afresh");
            return new Loaded(new TreeMap<>(), warnings);
        }
    }

    public void save(Map<Integer, ImpedanceHistory> histories) throws IOException {
        store.save(toJson(histories, wall.millis()));
    }

    static byte[] toJson(Map<Integer, ImpedanceHistory> histories, long savedAtEpochMs) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("format_version", 1);
        root.put("saved_at_epoch_ms", savedAtEpochMs);
        ObjectNode cells = root.putObject("cells");
        for (var e : new TreeMap<>(histories).entrySet()) {
            ObjectNode c = cells.putObject(Integer.toString(e.getKey()));
            c.put("recorded", e.getValue().recorded());
            records(c.putArray("baselines"), e.getValue().baselines());
            records(c.putArray("recent"), e.getValue().recent());
        }
        return JSON.writeValueAsBytes(root);
    }

    private static void records(ArrayNode array, List<ImpedanceRecord> records) {
        for (ImpedanceRecord r : records) {
            ObjectNode o = array.addObject();
            CellImpedanceCircuit c = r.circuit();
            o.put("epoch_ms", r.epochMs());
            number(o, "soc", r.soc());
            number(o, "temperature_degc", r.temperatureDegC());
            o.put("inductance_h", c.inductanceH());
            o.put("r0_ohm", c.ohmicOhm());
            o.put("r_sei_ohm", c.seiOhm());
            o.put("tau_sei_s", c.seiTauS());
            o.put("n_sei", c.seiN());
            o.put("r_ct_ohm", c.chargeTransferOhm());
            o.put("tau_ct_s", c.chargeTransferTauS());
            o.put("n_ct", c.chargeTransferN());
            o.put("warburg_ohm_per_sqrt_s", c.warburgOhmPerSqrtS());
            o.put("relative_rms_error", r.fitError());
            o.put("points", r.points());
        }
    }

    /** NaN (not known) is written as null: JSON has no NaN. */
    private static void number(ObjectNode o, String field, double value) {
        if (Double.isFinite(value)) {
            o.put(field, value);
        } else {
            o.putNull(field);
        }
    }

    static Map<Integer, ImpedanceHistory> fromJson(byte[] bytes, int recentCapacity) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IOException("not a " + FORMAT + " record");
        }
        if (root.path("format_version").asInt() != 1) {
            throw new IOException(
                    FORMAT + " version " + root.path("format_version").asText() + " is not 1");
        }
        Map<Integer, ImpedanceHistory> out = new TreeMap<>();
        var it = root.path("cells").fields();
        while (it.hasNext()) {
            var e = it.next();
            int cell;
            try {
                cell = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new IOException("cells: '" + e.getKey() + "' is not a cell number");
            }
            JsonNode c = e.getValue();
            try {
                out.put(
                        cell,
                        ImpedanceHistory.restore(
                                recentCapacity,
                                records(c.path("baselines")),
                                records(c.path("recent")),
                                c.path("recorded").asLong()));
            } catch (IllegalArgumentException ex) {
                throw new IOException("cell " + cell + ": " + ex.getMessage());
            }
        }
        return out;
    }

    private static List<ImpedanceRecord> records(JsonNode array) throws IOException {
        if (!array.isArray()) {
            throw new IOException("a record list is missing");
        }
        List<ImpedanceRecord> out = new ArrayList<>();
        for (JsonNode o : array) {
            CellImpedanceCircuit c = new CellImpedanceCircuit(
                    required(o, "inductance_h"),
                    required(o, "r0_ohm"),
                    required(o, "r_sei_ohm"),
                    required(o, "tau_sei_s"),
                    required(o, "n_sei"),
                    required(o, "r_ct_ohm"),
                    required(o, "tau_ct_s"),
                    required(o, "n_ct"),
                    required(o, "warburg_ohm_per_sqrt_s"));
            out.add(new ImpedanceRecord(
                    o.path("epoch_ms").asLong(),
                    optional(o, "soc"),
                    optional(o, "temperature_degc"),
                    c,
                    required(o, "relative_rms_error"),
                    o.path("points").asInt()));
        }
        return out;
    }

    private static double required(JsonNode o, String field) throws IOException {
        JsonNode v = o.path(field);
        if (!v.isNumber()) {
            throw new IOException("'" + field + "' is missing or not a number");
        }
        return v.asDouble();
    }

    private static double optional(JsonNode o, String field) {
        JsonNode v = o.path(field);
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }
}
