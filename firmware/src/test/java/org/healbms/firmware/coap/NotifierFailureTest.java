package org.healbms.firmware.coap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.healbms.firmware.telemetry.TelemetrySnapshot;
import org.junit.jupiter.api.Test;

/** A telemetry listener that throws goes on notifying observers, and the firmware hears of every failure. */
class NotifierFailureTest {

    private static TelemetrySnapshot snapshot(long tick, String state) {
        return new TelemetrySnapshot(
                tick,
                1_764_000_000_000L + tick * 100,
                state,
                1.45,
                10.0,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of());
    }

    @Test
    void theNotifierSurvivesAFailureAndReportsIt() throws Exception {
        AtomicReference<TelemetrySnapshot> current = new AtomicReference<>(snapshot(1, "standby"));
        AtomicInteger notifierFailures = new AtomicInteger();
        List<RuntimeException> reported = new CopyOnWriteArrayList<>();
        ScriptedFirmware firmware =
                new ScriptedFirmware(
                        () -> {
                            // The notifier's first three reads fail (as a bug in building a snapshot would).
                            if (Thread.currentThread().getName().equals("coap-notify")
                                    && notifierFailures.getAndIncrement() < 3) {
                                throw new IllegalStateException("snapshot half built");
                            }
                            return current.get();
                        },
                        null) {
                    @Override
                    public void telemetryFailed(RuntimeException e) {
                        reported.add(e);
                    }
                };
        try (TelemetryServer server = new TelemetryServer(
                firmware,
                new InetSocketAddress("127.0.0.1", 0),
                null,
                List.of(),
                AccessPolicy.loopbackReadsOnly(),
                0,
                50)) {
            server.start();
            CoapClient client = new CoapClient("coap://127.0.0.1:" + server.port() + "/pack");
            List<String> seen = new CopyOnWriteArrayList<>();
            CoapObserveRelation relation = client.observe(
                    new CoapHandler() {
                        @Override
                        public void onLoad(CoapResponse response) {
                            seen.add(response.getResponseText());
                        }

                        @Override
                        public void onError() {}
                    },
                    Senml.CONTENT_FORMAT_JSON);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((seen.isEmpty() || reported.size() < 3) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            current.set(snapshot(2, "normal"));
            while (seen.stream().noneMatch(t -> t.contains("normal")) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            relation.proactiveCancel();
            client.shutdown();
            assertThat(reported).hasSize(3).allSatisfy(e -> assertThat(e).hasMessage("snapshot half built"));
            assertThat(seen).anySatisfy(t -> assertThat(t).contains("normal"));
        }
    }
}
