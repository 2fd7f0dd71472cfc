package org.healbms.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.healbms.firmware.passport.BatteryPassExport;
import org.healbms.firmware.passport.PassportArchive;
import org.healbms.firmware.passport.SohDiary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code healbms passport}: the pack's (or one cell's) Battery Pass PerformanceAndDurability 1.2.1
 * document, from the passport the firmware saved in its state directory.
 */
@Command(
        name = "passport",
        mixinStandardHelpOptions = true,
        description = {
            "Write the pack's (or one cell's) Battery Pass data model 1.2.1 PerformanceAndDurability JSON",
            "from the life story the firmware saved in its state directory: throughput, full cycles, capacity",
            "and power fade, resistance increase, time at extreme temperatures, deep discharges and overcharges",
            "(negativeEvents), state of charge. What no BMS can know (the manufacturer's rated and expected",
            "figures, self-discharge, round-trip efficiency) is never made up: give it with --declared, in the",
            "model's own shape; whatever is still missing is named on stderr, and the document does not",
            "validate against the model until it is given. The state directory is only read: a running",
            "firmware may own it.",
            "Exit codes: 0 the document is written and complete (it validates against the model); 3 it is",
            "written but incomplete (the attributes named on stderr are missing: give them with --declared);",
            "2 nothing is written: the state directory is missing, holds no saved state, or its passport is",
            "damaged (the message names the file and why), or an argument is wrong."
        })
public final class PassportCommand implements Callable<Integer> {

    /** Written, but without attributes the model requires: a script must not take it for a valid document. */
    static final int INCOMPLETE = 3;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Option(names = "--state-dir", required = true, paramLabel = "DIR", description = "the firmware's state directory")
    Path stateDir;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "write the JSON here (default: stdout)")
    Path output;

    @Option(names = "--cell", paramLabel = "N", description = "one cell's document (1-based); without it, the pack's")
    Integer cell;

    @Option(
            names = "--declared",
            paramLabel = "FILE",
            description = "the manufacturer's values the firmware cannot know, as"
                    + " {\"batteryTechicalProperties\": {...}, \"batteryCondition\": {...}}"
                    + " in the model's names and units")
    Path declared;

    @Option(
            names = "--soh-history",
            description = "instead, write the daily state-of-health history (up to ten years"
                    + " of days, oldest first) from the diary in the state directory")
    boolean sohHistory;

    @Override
    public Integer call() throws IOException {
        if (cell != null && cell < 1) {
            throw new IllegalArgumentException("--cell must be a cell number (1, 2, ...), got " + cell);
        }
        if (sohHistory) {
            return history();
        }
        PassportArchive.Read read = PassportArchive.read(stateDir);
        PrintWriter err = spec.commandLine().getErr();
        read.warnings().forEach(w -> err.println("healbms passport: warning: " + w));
        JsonNode declaration = null;
        if (declared != null) {
            try {
                declaration = JSON.readTree(Files.readString(declared));
            } catch (IOException e) {
                throw new IOException(declared + ": not JSON: " + e.getMessage(), e);
            }
        }
        BatteryPassExport.Export export;
        try {
            export = BatteryPassExport.export(read.passport(), cell == null ? 0 : cell, declaration);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    (declared != null && e.getMessage().startsWith("declaration") ? declared + ": " : "")
                            + e.getMessage(),
                    e);
        }
        String text = JSON.writeValueAsString(export.document()) + System.lineSeparator();
        write(text);
        if (!export.notKnown().isEmpty()) {
            err.println("healbms passport: incomplete: " + export.notKnown().size()
                    + " attributes the model requires are not known to the firmware and were not declared"
                    + " (--declared FILE): "
                    + String.join(", ", export.notKnown()));
            return INCOMPLETE;
        }
        return 0;
    }

    private void write(String text) throws IOException {
        if (output == null) {
            System.out.print(text);
        } else {
            Files.writeString(output, text);
        }
    }

    /** The diary as JSON: per day, each cell's capacity fraction, resistance scale and their 1σ (null: not known). */
    private int history() throws IOException {
        Path file = stateDir.resolve(SohDiary.FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no SoH diary (the firmware writes the first point at its first save)");
        }
        SohDiary.Contents contents = SohDiary.read(file);
        contents.damaged().forEach(w -> spec.commandLine().getErr().println("healbms passport: warning: " + w));
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "healbms-soh-history");
        root.put("format_version", 1);
        ArrayNode days = root.putArray("days");
        int cell = this.cell == null ? 0 : this.cell;
        for (SohDiary.Day d : contents.days()) {
            if (cell > d.cells().length) {
                throw new IllegalArgumentException("--cell " + cell + ": the diary has cells 1.." + d.cells().length);
            }
            ObjectNode day = days.addObject();
            day.put("date", LocalDate.ofEpochDay(d.epochDay()).toString());
            ArrayNode cells = day.putArray("cells");
            for (int k = 0; k < d.cells().length; k++) {
                if (cell == 0 || cell == k + 1) {
                    ObjectNode c = cells.addObject();
                    c.put("cell", k + 1);
                    float[] v = d.cells()[k];
                    String[] names = {
                        "capacity_fraction", "capacity_fraction_sigma", "resistance_scale", "resistance_scale_sigma"
                    };
                    for (int i = 0; i < names.length; i++) {
                        if (Float.isFinite(v[i])) {
                            c.put(names[i], v[i]);
                        } else {
                            c.putNull(names[i]);
                        }
                    }
                }
            }
        }
        write(JSON.writeValueAsString(root) + System.lineSeparator());
        return 0;
    }
}
