package org.healbms.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.healbms.firmware.passport.BatteryPassExport;
import org.healbms.firmware.passport.PassportArchive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code healbms passport}: the pack's (or one cell's) Battery Pass PerformanceAndDurability 1.2.1
 * document, from the passport the firmware saved in its state directory.
 */
@Command(name = "passport", mixinStandardHelpOptions = true,
        description = {"Write the pack's (or one cell's) Battery Pass data model 1.2.1 PerformanceAndDurability JSON",
                "from the life story the firmware saved in its state directory: throughput, full cycles, capacity",
                "and power fade, resistance increase, time at extreme temperatures, deep discharges and overcharges",
                "(negativeEvents), state of charge. What no BMS can know (the manufacturer's rated and expected",
                "figures, self-discharge, round-trip efficiency) is never made up: give it with --declared, in the",
                "model's own shape; whatever is still missing is named on stderr, and the document does not",
                "validate against the model until it is given. The state directory is only read: a running",
                "firmware may own it."})
public final class PassportCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Option(names = "--state-dir", required = true, paramLabel = "DIR", description = "the firmware's state directory")
    Path stateDir;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the JSON here (default: stdout)")
    Path output;

    @Option(names = "--cell", paramLabel = "N", defaultValue = "0",
            description = "one cell's document (1-based); default: the pack's")
    int cell;

    @Option(names = "--declared", paramLabel = "FILE",
            description = "the manufacturer's values the firmware cannot know, as"
                    + " {\"batteryTechicalProperties\": {...}, \"batteryCondition\": {...}}"
                    + " in the model's names and units")
    Path declared;

    @Override
    public Integer call() throws IOException {
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
            export = BatteryPassExport.export(read.passport(), cell, declaration);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((declared != null && e.getMessage().startsWith("declaration")
                    ? declared + ": " : "") + e.getMessage(), e);
        }
        String text = JSON.writeValueAsString(export.document()) + System.lineSeparator();
        if (output == null) {
            System.out.print(text);
        } else {
            Files.writeString(output, text);
        }
        if (!export.notKnown().isEmpty()) {
            err.println("healbms passport: incomplete: " + export.notKnown().size()
                    + " attributes the model requires are not known to the firmware and were not declared"
                    + " (--declared FILE): "
                    + String.join(", ", export.notKnown()));
        }
        return 0;
    }
}
