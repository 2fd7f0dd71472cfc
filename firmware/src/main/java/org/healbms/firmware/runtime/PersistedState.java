package org.healbms.firmware.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.healbms.core.estimation.FilterState;
import org.healbms.core.protection.FaultId;
import org.healbms.firmware.passport.Passport;
import org.healbms.firmware.passport.PassportJson;

/**
 * What survives a restart: every cell's filter state (SoC, polarisation, capacity, resistance, the
 * strain gauge's zero, and their covariance), the healing agent each cell has used, the firmware's
 * counters, whether a loss of the state before this one still awaits acknowledgement, and the
 * latched faults that were active and not acknowledged (a restart must not clear them). JSON,
 * stored through the crash-safe {@link org.healbms.firmware.persist.SlotStore}.
 *
 * <p>Fields added since the first version are optional when read, so an older file still restores:
 * without {@code strain_zero} a cell's gauge zero is learned again from its prior, without
 * {@code sustained_current_a} the bias spread starts from rest, without {@code mean_innovation_v} and
 * {@code mean_innovation_variance_v2} the filter's model-error check starts from nothing, without
 * {@code state_loss_unacknowledged} or {@code latched_faults} nothing awaits acknowledgement, without
 * {@code passport} (a state saved before the life story) the passport is null. The passport is checked as
 * strictly as the rest:
 * a damaged one makes the record unreadable, and the store falls back to the other slot.
 */
record PersistedState(
        long savedAtEpochMs,
        List<FilterState> cells,
        long faultsRaised,
        long transitions,
        Map<Integer, Double> healingDosesUsed,
        boolean stateLossUnacknowledged,
        Set<FaultId> latchedFaults,
        Passport passport) {

    private static final ObjectMapper JSON = new ObjectMapper();

    byte[] toJson() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "healbms-state");
        root.put("format_version", 1);
        root.put("saved_at_epoch_ms", savedAtEpochMs);
        root.put("faults_raised", faultsRaised);
        root.put("transitions", transitions);
        root.put("state_loss_unacknowledged", stateLossUnacknowledged);
        ArrayNode latched = root.putArray("latched_faults");
        latchedFaults.forEach(id -> latched.add(id.name()));
        ObjectNode doses = root.putObject("healing_doses_used");
        healingDosesUsed.forEach((cell, used) -> doses.put(Integer.toString(cell), used));
        ArrayNode array = root.putArray("cells");
        for (FilterState f : cells) {
            ObjectNode c = array.addObject();
            ArrayNode state = c.putArray("state");
            for (double v : f.state()) {
                state.add(v);
            }
            ArrayNode cov = c.putArray("covariance");
            for (double v : f.covariance()) {
                cov.add(v);
            }
            c.put("resistance_scale", f.resistanceScale());
            c.put("resistance_scale_variance", f.resistanceScaleVariance());
            c.put("sustained_current_a", f.sustainedCurrentA());
            c.put("mean_innovation_v", f.modelErrorCheck().meanInnovationV());
            c.put("mean_innovation_variance_v2", f.modelErrorCheck().meanInnovationVarianceV2());
            FilterState.StrainZero zero = f.strainZero();
            if (zero != null) {
                ObjectNode z = c.putObject("strain_zero");
                z.put("offset_m_per_m", zero.offset());
                z.put("variance", zero.variance());
                ArrayNode cross = z.putArray("covariance_with_state");
                for (double v : zero.covarianceWithState()) {
                    cross.add(v);
                }
            }
        }
        if (passport != null) {
            root.set("passport", PassportJson.write(passport));
        }
        return JSON.writeValueAsBytes(root);
    }

    /** Parses and validates a saved state; a bad one is an IOException naming the problem. */
    static PersistedState fromJson(byte[] bytes) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        if (root == null || !"healbms-state".equals(root.path("format").asText())) {
            throw new IOException("not a healbms-state record");
        }
        List<FilterState> cells = new ArrayList<>();
        JsonNode array = root.path("cells");
        for (int k = 0; k < array.size(); k++) {
            JsonNode c = array.get(k);
            try {
                JsonNode z = c.path("strain_zero");
                FilterState.StrainZero zero = z.isMissingNode()
                        ? null
                        : new FilterState.StrainZero(
                                number(z.path("offset_m_per_m")),
                                number(z.path("variance")),
                                doubles(z.path("covariance_with_state")));
                cells.add(new FilterState(
                        doubles(c.path("state")),
                        doubles(c.path("covariance")),
                        c.path("resistance_scale").asDouble(1.0),
                        c.path("resistance_scale_variance").asDouble(0.0),
                        zero,
                        c.path("sustained_current_a").asDouble(0.0),
                        new FilterState.ModelErrorCheck(
                                c.path("mean_innovation_v").asDouble(0.0),
                                c.path("mean_innovation_variance_v2").asDouble(0.0))));
            } catch (IllegalArgumentException e) {
                throw new IOException("cell " + (k + 1) + ": " + e.getMessage());
            }
        }
        Map<Integer, Double> doses = new HashMap<>();
        var it = root.path("healing_doses_used").fields();
        while (it.hasNext()) {
            var e = it.next();
            try {
                doses.put(Integer.parseInt(e.getKey()), e.getValue().asDouble());
            } catch (NumberFormatException ex) {
                throw new IOException("healing_doses_used: '" + e.getKey() + "' is not a cell number");
            }
        }
        Set<FaultId> latched = EnumSet.noneOf(FaultId.class);
        for (JsonNode id : root.path("latched_faults")) {
            try {
                latched.add(FaultId.valueOf(id.asText()));
            } catch (IllegalArgumentException e) {
                throw new IOException("latched_faults: '" + id.asText() + "' is not a fault id");
            }
        }
        JsonNode passport = root.get("passport");
        return new PersistedState(
                root.path("saved_at_epoch_ms").asLong(),
                cells,
                root.path("faults_raised").asLong(),
                root.path("transitions").asLong(),
                doses,
                root.path("state_loss_unacknowledged").asBoolean(false),
                latched,
                passport == null ? null : PassportJson.read(passport));
    }

    /** A JSON number, or NaN (which the record it goes into refuses, naming the field). */
    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = number(array.get(i));
        }
        return v;
    }
}
