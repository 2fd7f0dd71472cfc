package org.healbms.io.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.healbms.io.file.RegularFile;

/**
 * A YAML (or JSON) configuration file as a tree, with the line of every node, so that a validator can
 * say "line 14" as well as which entry is wrong. The tree alone (Jackson's {@code readTree}) forgets
 * where things were; a second, streaming pass over the same text records each node's line by its
 * JSON pointer.
 */
public final class ConfigDocument {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML);

    private final Path file;
    private final JsonNode root;
    private final Map<String, Integer> lines;

    private ConfigDocument(Path file, JsonNode root, Map<String, Integer> lines) {
        this.file = file;
        this.root = root;
        this.lines = lines;
    }

    public static ConfigDocument read(Path file) throws IOException {
        String text = Files.readString(RegularFile.require(file));
        return parse(file, text);
    }

    public static ConfigDocument parse(Path file, String text) throws ConfigException {
        try {
            JsonNode root = MAPPER.readTree(text);
            if (root == null || root.isMissingNode() || !root.isObject()) {
                throw new ConfigException(
                        file,
                        List.of("the file must hold a mapping of fields, and it "
                                + (root == null || root.isMissingNode()
                                        ? "is empty"
                                        : "holds a " + root.getNodeType())));
            }
            return new ConfigDocument(file, root, lineIndex(text));
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new ConfigException(file, List.of(where + "not valid YAML: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(file, List.of("cannot be read: " + e.getMessage()));
        }
    }

    private static Map<String, Integer> lineIndex(String text) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    continue;
                }
                JsonPointer pointer = p.getParsingContext().pathAsPointer();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    // The container's own context is one level in; its pointer is the parent's.
                    pointer = p.getParsingContext().getParent() == null
                            ? JsonPointer.empty()
                            : p.getParsingContext().getParent().pathAsPointer();
                }
                lines.putIfAbsent(pointer.toString(), p.currentTokenLocation().getLineNr());
            }
        }
        return lines;
    }

    public Path file() {
        return file;
    }

    public JsonNode root() {
        return root;
    }

    /** The line a node starts on (by JSON pointer, e.g. {@code /devices/2/i2c}), or the nearest parent's. */
    public int line(String pointer) {
        String p = pointer;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int slash = p.lastIndexOf('/');
            if (slash < 0) {
                return 1;
            }
            p = p.substring(0, slash);
        }
    }
}
