package org.healbms.firmware.passport;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Battery Pass consortium's PerformanceAndDurability 1.2.1 JSON schema (draft-04), a test resource
 * (see ATTRIBUTION.md beside it): the tests validate the export against it on any clone, and no jar
 * carries it.
 */
public final class BatteryPassSchema {

    public static final String FILE = "PerformanceAndDurability-1.2.1.schema.json";

    private final Schema schema;

    private BatteryPassSchema(Schema schema) {
        this.schema = schema;
    }

    public static BatteryPassSchema load() throws IOException {
        try (InputStream in = BatteryPassSchema.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IOException("the Battery Pass schema " + FILE + " is not among the test resources");
            }
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                    .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), InputFormat.JSON);
            return new BatteryPassSchema(schema);
        }
    }

    public List<Error> validate(JsonNode document) {
        return schema.validate(document);
    }
}
