package org.healbms.sim.board;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.drivers.platform.BoardPlatform;
import org.healbms.drivers.platform.PlatformSettings;
import org.junit.jupiter.api.Test;

/** The emulated platform is found through the seam and needs a trace for its cells to replay. */
class EmulatedBoardPlatformProviderTest {

    @Test
    void anEmulatedBoardWithoutAPlantTraceIsRefusedByName() {
        BoardDescription board =
                new BoardDescription("bench-4s", "emulated", Duration.ofMillis(100), 4, List.of(), List.of());
        assertThatThrownBy(() -> BoardPlatform.open(board, new PlatformSettings(null, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("board bench-4s is emulated: it needs a plant trace");
    }
}
