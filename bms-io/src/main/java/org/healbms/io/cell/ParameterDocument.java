package org.healbms.io.cell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.healbms.io.file.AtomicFile;
import org.healbms.io.file.RegularFile;

/**
 * What the cell, strain and thermal parameter files share: a JSON object that names its format and
 * version, read with every problem named by its JSON path, written atomically (serialised first, so
 * a failure there never touches the disk).
 */
final class ParameterDocument {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String format;
    private final int version;
    private final Set<String> topLevel;

    ParameterDocument(String format, int version, Set<String> topLevel) {
        this.format = format;
        this.version = version;
        this.topLevel = topLevel;
    }

    /**
     * Parses the file, checks its format, version and top-level names into {@code f}, and returns
     * the root object; a file that is not a JSON object fails at once.
     */
    JsonNode read(Path file, CellParameterFile.Fields f) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(RegularFile.require(file).toFile());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : "line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ": ";
            throw new CellFileException(file, List.of(where + "not valid JSON: " + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new CellFileException(file, List.of("$: must be a JSON object"));
        }
        String named = f.text(root, "$", "format");
        if (named != null && !format.equals(named)) {
            f.problem("$.format", "must be \"" + format + "\", got \"" + named + "\"");
        }
        double fileVersion = f.number(root, "$", "format_version");
        if (Double.isFinite(fileVersion) && fileVersion > version) {
            f.problem(
                    "$.format_version",
                    "this HealBMS reads version " + version + " and older, the file is version " + (long) fileVersion
                            + "; upgrade HealBMS");
        }
        f.unknownFields(root, "$", topLevel);
        return root;
    }

    /** A new root carrying the format and version. */
    ObjectNode create() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", format);
        root.put("format_version", version);
        return root;
    }

    /** Writes {@code root} atomically, with {@code provenance} (may be null) added. */
    static void write(Path file, ObjectNode root, JsonNode provenance) throws IOException {
        if (provenance != null) {
            root.set("provenance", provenance);
        }
        byte[] bytes = JSON.writeValueAsBytes(root);
        Path tmp = AtomicFile.temporaryFor(file);
        try {
            Files.write(tmp, bytes);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        AtomicFile.replace(tmp, file);
    }
}
