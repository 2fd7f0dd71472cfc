package org.healbms.firmware.passport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.healbms.firmware.persist.SlotStore;

/**
 * Reads the passport the firmware saved with its state, from a state directory, without changing
 * anything in it (the firmware may be running): the newest state slot that checks out, as the
 * firmware itself would restore it. What is missing or damaged is a {@link PassportException} naming
 * the file and why.
 */
public final class PassportArchive {

    /** The state's slot files' name in the state directory, as the firmware saves them. */
    public static final String STATE = "state";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The passport and what was wrong with the other slot, if anything. */
    public record Read(Passport passport, Path slot, long sequence, List<String> warnings) {}

    /** A state directory that holds no readable passport, and why. */
    public static final class PassportException extends IOException {
        public PassportException(String message) {
            super(message);
        }
    }

    private PassportArchive() {}

    public static Read read(Path stateDir) throws PassportException {
        if (!Files.isDirectory(stateDir)) {
            throw new PassportException(
                    stateDir + ": " + (Files.exists(stateDir) ? "not a directory" : "no such state directory"));
        }
        Path a = stateDir.resolve(STATE + ".a");
        Path b = stateDir.resolve(STATE + ".b");
        if (!Files.exists(a) && !Files.exists(b)) {
            throw new PassportException(a + ", " + b + ": no saved state in " + stateDir
                    + " (the firmware saves it on its first tick; damaged slots are kept as state.*.damaged)");
        }
        SlotStore store;
        Optional<SlotStore.Loaded> loaded;
        try {
            store = new SlotStore(stateDir, STATE);
            loaded = store.load();
        } catch (IOException e) {
            throw new PassportException(stateDir + ": " + e.getMessage());
        }
        if (loaded.isEmpty()) {
            throw new PassportException(a + ", " + b + ": no saved state in " + stateDir);
        }
        Path slot = store.newestSlot();
        long sequence = loaded.get().sequence();
        String where = slot + " (record " + sequence + ")";
        JsonNode root;
        try {
            root = JSON.readTree(loaded.get().payload());
        } catch (IOException e) {
            throw new PassportException(where + ": not JSON: " + e.getMessage());
        }
        if (root == null || !"healbms-state".equals(root.path("format").asText())) {
            throw new PassportException(where + ": not a healbms-state record");
        }
        JsonNode passport = root.get("passport");
        if (passport == null) {
            throw new PassportException(where + ": no passport in it (saved by a firmware that kept no life story)");
        }
        try {
            return new Read(
                    PassportJson.read(passport), slot, sequence, loaded.get().warnings());
        } catch (IOException e) {
            throw new PassportException(where + ": " + e.getMessage());
        }
    }
}
