package org.healbms.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A control tick in steady state allocates nothing: protection, the state machine, estimation, rules,
 * healing, state of power and the telemetry write into what they kept from the tick before (records
 * are made only when something changes: a fault, a transition, a signature). Measured in a JVM of its
 * own ({@link TickAllocationProbe}): in the test JVM other tests' loops shape the JIT's profile, and an
 * allocation the JIT would remove in the firmware's own process could stay.
 */
class TickAllocationTest {

    /**
     * Less than a byte a tick over the probe's best run of 500: one object a second (the rules' period)
     * would be 16 bytes and more over 10 ticks. Before, a tick allocated 33 KB on 16 cells and 325 KB
     * on 192; then 139-195 B (the whole-pack records of a tick: the inputs to protection, the state
     * machine and healing, the current limits and the pack status, a record per cell's resistance health).
     */
    private static final double ALLOWED_BYTES_PER_TICK = 1.0;

    @ParameterizedTest
    @ValueSource(ints = {16, 96})
    void aSteadyTickAllocatesNothing(int cells) throws Exception {
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
        assertThat(Double.parseDouble(last))
                .as("bytes allocated per tick, %d cells", cells)
                .isLessThan(ALLOWED_BYTES_PER_TICK);
    }
}
