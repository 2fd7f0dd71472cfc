package org.healbms.firmware.passport;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Battery Pass consortium's PerformanceAndDurability 1.2.1 JSON schema (draft-04), read from
 * {@code ../shared/reference/batterypass} next to the repository (its licence does not let the product
 * ship a copy; CI runs on a clone next to it). A missing schema fails the test that needs it, saying where it looked.
 */
public final class BatteryPassSchema {

    public static final String DIRECTORY = "shared/reference/batterypass";
    public static final String FILE = "PerformanceAndDurability-1.2.1.schema.json";

    private final Schema schema;

    private BatteryPassSchema(Schema schema) {
        this.schema = schema;
    }

    public static BatteryPassSchema load() throws IOException {
        Path file = repositoryRoot().getParent().resolve(DIRECTORY).resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("the Battery Pass schema is not at " + file + ": the tests read it from " + "../"
                    + DIRECTORY + " next to the repository");
        }
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                .getSchema(Files.readString(file), InputFormat.JSON);
        return new BatteryPassSchema(schema);
    }

    /** The directory holding the Maven wrapper, found upwards from where the tests run. */
    static Path repositoryRoot() throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("firmware"))) {
                return p;
            }
        }
        throw new IOException("no repository (mvnw) above " + Path.of("").toAbsolutePath());
    }

    public List<Error> validate(JsonNode document) {
        return schema.validate(document);
    }
}
