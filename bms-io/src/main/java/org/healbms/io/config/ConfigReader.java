package org.healbms.io.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Typed, validating access to a {@link ConfigDocument} that collects every problem instead of
 * stopping at the first, each as {@code line N: entry.field: what is wrong}. Getters return a
 * neutral value after recording a problem, so validation runs to the end of the file; the caller
 * then calls {@link #throwIfProblems()}.
 */
public final class ConfigReader {

    private final ConfigDocument document;
    private final List<String> problems = new ArrayList<>();

    public ConfigReader(ConfigDocument document) {
        this.document = document;
    }

    public Entry root() {
        return new Entry(document.root(), "", "");
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public void throwIfProblems() throws ConfigException {
        if (!problems.isEmpty()) {
            throw new ConfigException(document.file(), problems);
        }
    }

    /** One mapping in the file, known by its pointer (for the line) and its label (for people). */
    public final class Entry {
        private final JsonNode node;
        private final String pointer;
        private final String label;

        Entry(JsonNode node, String pointer, String label) {
            this.node = node;
            this.pointer = pointer;
            this.label = label;
        }

        /** The same entry, called something more telling in messages, e.g. {@code devices[2] (ntc)}. */
        public Entry labelled(String newLabel) {
            return new Entry(node, pointer, newLabel);
        }

        public String label() {
            return label;
        }

        public boolean has(String field) {
            return node.has(field) && !node.get(field).isNull();
        }

        public void problem(String field, String message) {
            String at = field == null ? pointer : pointer + "/" + field;
            String name = field == null ? label : label.isEmpty() ? field : label + "." + field;
            problems.add("line " + document.line(at) + ": " + (name.isEmpty() ? "" : name + ": ") + message);
        }

        /** Fields other than these are typos or from another version: an error, not silently ignored. */
        public void allowOnly(String... fields) {
            Set<String> allowed = new HashSet<>(Arrays.asList(fields));
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!allowed.contains(f)) {
                    problem(f, "unknown field (expected one of " + String.join(", ", fields) + ")");
                }
            }
        }

        public String text(String field) {
            if (!has(field)) {
                problem(field, "missing");
                return "";
            }
            JsonNode v = node.get(field);
            if (!v.isValueNode() || v.asText().isBlank()) {
                problem(field, "must be a non-empty text");
                return "";
            }
            return v.asText();
        }

        public String text(String field, String otherwise) {
            return has(field) ? text(field) : otherwise;
        }

        public String choice(String field, String otherwise, String... allowed) {
            String v = has(field) || otherwise == null ? text(field) : otherwise;
            if (!v.isEmpty() && !Arrays.asList(allowed).contains(v)) {
                problem(field, "'" + v + "' is not one of " + String.join(", ", allowed));
            }
            return v;
        }

        public double number(String field, double min, double max) {
            if (!has(field)) {
                problem(field, "missing");
                return Double.NaN;
            }
            JsonNode v = node.get(field);
            if (!v.isNumber()) {
                problem(field, "must be a number, got '" + v.asText() + "'");
                return Double.NaN;
            }
            double d = v.asDouble();
            if (!(d >= min && d <= max)) {
                problem(field, d + " is outside " + min + " .. " + max);
            }
            return d;
        }

        public double number(String field, double otherwise, double min, double max) {
            return has(field) ? number(field, min, max) : otherwise;
        }

        public int integer(String field, long min, long max) {
            if (!has(field)) {
                problem(field, "missing");
                return 0;
            }
            JsonNode v = node.get(field);
            if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                problem(field, "must be a whole number, got '" + v.asText() + "'");
                return 0;
            }
            int i = v.asInt();
            if (i < min || i > max) {
                problem(field, i + " is outside " + min + " .. " + max);
            }
            return i;
        }

        public int integer(String field, int otherwise, long min, long max) {
            return has(field) ? integer(field, min, max) : otherwise;
        }

        /** True if the field holds a nested mapping (rather than a value or a list). */
        public boolean isMapping(String field) {
            return has(field) && node.get(field).isObject();
        }

        /** The names of this mapping's fields, in file order. */
        public List<String> fieldNames() {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            return names;
        }

        /** A nested mapping; a missing or wrongly typed one is reported and read as empty. */
        public Entry mapping(String field) {
            JsonNode v = node.get(field);
            String childLabel = label.isEmpty() ? field : label + "." + field;
            if (v == null || v.isNull()) {
                problem(field, "missing");
                return new Entry(JsonNodeFactory.instance.objectNode(), pointer + "/" + field, childLabel);
            }
            if (!v.isObject()) {
                problem(field, "must be a mapping of fields");
                return new Entry(JsonNodeFactory.instance.objectNode(), pointer + "/" + field, childLabel);
            }
            return new Entry(v, pointer + "/" + field, childLabel);
        }

        /** A list of mappings, labelled {@code field[i]}. */
        public List<Entry> list(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                problem(field, "missing");
                return List.of();
            }
            if (!v.isArray()) {
                problem(field, "must be a list");
                return List.of();
            }
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                String childLabel = (label.isEmpty() ? field : label + "." + field) + "[" + i + "]";
                String childPointer = pointer + "/" + field + "/" + i;
                if (!v.get(i).isObject()) {
                    problems.add("line " + document.line(childPointer) + ": " + childLabel
                            + ": must be a mapping of fields");
                    continue;
                }
                entries.add(new Entry(v.get(i), childPointer, childLabel));
            }
            return entries;
        }
    }
}
