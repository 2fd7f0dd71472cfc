package org.healbms.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A control tick in steady state allocates (next to) nothing: rules, healing, state of power and the
 * telemetry write into what they kept from the tick before. Measured in a JVM of its own
 * ({@link TickAllocationProbe}): in the test JVM other tests' loops shape the JIT's profile, and an
 * allocation the JIT would remove in the firmware's own process could stay.
 */
class TickAllocationTest {

    /**
     * Bytes per tick still allowed, whatever the number of cells: a few small records of the whole pack
     * (the tick's inputs to protection, the state machine and healing, the new limits) and the
     * detectors' lists. Before, a tick allocated 33 KB on 16 cells and 325 KB on 192.
     */
    private static final long ALLOWED_BYTES_PER_TICK = 512;

    @ParameterizedTest
    @ValueSource(ints = {16, 96})
    void aSteadyTickAllocatesNextToNothing(int cells) throws Exception {
        Process probe = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        TickAllocationProbe.class.getName(),
                        Integer.toString(cells))
                .redirectErrorStream(true)
                .start();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(probe.waitFor()).as(out).isZero();
        String last = out.substring(out.lastIndexOf('\n') + 1);
        assertThat(Long.parseLong(last))
                .as("bytes allocated per tick, %d cells", cells)
                .isLessThanOrEqualTo(ALLOWED_BYTES_PER_TICK);
    }
}
