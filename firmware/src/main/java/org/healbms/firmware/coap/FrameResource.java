package org.healbms.firmware.coap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.healbms.core.protection.FaultId;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.FrameChannels;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.firmware.telemetry.FirmwareControl;
import org.healbms.firmware.telemetry.TelemetryFrame;

/**
 * {@code frame}: the last tick's reading frame as a fleet's twin reads it (JSON, content format 50),
 * the twin's telemetry record (docs/twin.md): tick, wall time in ns, the pack current and every
 * series cell's voltage and temperature, each with its quality flag. Observable with the snapshot
 * resources (a notification per notification period with a new tick), so a gateway forwards what it
 * is told, as it is. A cell or a current the board has no channel for is {@code null} and
 * {@code stale}; a value that is not {@code ok} may be {@code null} too. Numbers carry all their digits.
 * {@code protection_faults} lists the supervisor's active faults after the tick (lower case, as the
 * snapshot names them), so the twin's life story counts each one raised.
 */
final class FrameResource extends CoapResource {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();
    private static final String NO_CHANNEL = Quality.STALE.name().toLowerCase(Locale.ROOT);
    /** As the snapshot names them, lower case: formed once, not per notification. */
    private static final String[] FAULT_NAMES = Arrays.stream(FaultId.values())
            .map(f -> f.name().toLowerCase(Locale.ROOT))
            .toArray(String[]::new);

    private final FirmwareControl firmware;
    private final AccessPolicy policy;
    private final int cells;
    private final long maxAgeS;
    /** The board's layout does not change while it runs: its cells' channels are found once. */
    private volatile Located located;

    private record Located(List<Channel> layout, FrameChannels channels) {}

    FrameResource(FirmwareControl firmware, AccessPolicy policy, int cells, long maxAgeS) {
        super("frame");
        this.firmware = firmware;
        this.policy = policy;
        this.cells = cells;
        this.maxAgeS = maxAgeS;
        setObservable(true);
        getAttributes().addResourceType("healbms.frame");
        getAttributes().setTitle("the last tick's readings as the twin's telemetry record (JSON)");
        getAttributes().addContentType(MediaTypeRegistry.APPLICATION_JSON);
        getAttributes().setObservable();
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        if (TelemetryServer.refusedRead(exchange, policy) || TelemetryServer.refusedJsonAccept(exchange)) {
            return;
        }
        TelemetryFrame f = firmware.frame();
        if (f == null) {
            exchange.respond(
                    ResponseCode.SERVICE_UNAVAILABLE,
                    "no frame yet: the first tick has not run",
                    MediaTypeRegistry.TEXT_PLAIN);
            return;
        }
        exchange.setMaxAge(maxAgeS);
        exchange.respond(ResponseCode.CONTENT, json(f), MediaTypeRegistry.APPLICATION_JSON);
    }

    byte[] json(TelemetryFrame f) {
        ReadingFrame frame = f.frame();
        Located at = located;
        if (at == null || !at.layout().equals(frame.layout())) {
            at = new Located(frame.layout(), FrameChannels.of(frame.layout(), cells));
            located = at;
        }
        FrameChannels ch = at.channels();
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 64 * cells);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("tick", frame.tick());
            g.writeNumberField("time_ns", f.epochNanos());
            g.writeFieldName("current_a");
            value(g, frame, ch.packCurrent());
            g.writeStringField("current_quality", quality(frame, ch.packCurrent()));
            g.writeArrayFieldStart("cell_voltage_v");
            for (int k = 0; k < cells; k++) {
                value(g, frame, ch.cellVoltage()[k]);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("cell_voltage_quality");
            for (int k = 0; k < cells; k++) {
                g.writeString(quality(frame, ch.cellVoltage()[k]));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("cell_temperature_degc");
            for (int k = 0; k < cells; k++) {
                value(g, frame, ch.cellTemperature()[k]);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("cell_temperature_quality");
            for (int k = 0; k < cells; k++) {
                g.writeString(quality(frame, ch.cellTemperature()[k]));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("protection_faults");
            for (FaultId fault : f.protectionFaults()) {
                g.writeString(FAULT_NAMES[fault.ordinal()]);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    private static void value(JsonGenerator g, ReadingFrame frame, int channel) throws IOException {
        double v = channel < 0 ? Double.NaN : frame.value(channel);
        if (Double.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeNull();
        }
    }

    private static String quality(ReadingFrame frame, int channel) {
        return channel < 0 ? NO_CHANNEL : frame.quality(channel).name().toLowerCase(Locale.ROOT);
    }
}
