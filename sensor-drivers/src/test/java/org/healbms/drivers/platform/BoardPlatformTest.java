package org.healbms.drivers.platform;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.healbms.drivers.board.BoardDescription;
import org.junit.jupiter.api.Test;

/** The platform a board names is looked up among the providers on the class path (here: Pi4J's only). */
class BoardPlatformTest {

    @Test
    void aPlatformNoProviderOffersIsRefusedNamingItAndTheProvidersFound() {
        BoardDescription emulated =
                new BoardDescription("bench-4s", "emulated", Duration.ofMillis(100), 4, List.of(), List.of());
        assertThatThrownBy(() -> BoardPlatform.open(emulated, new PlatformSettings(null, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("board bench-4s needs platform 'emulated', which no provider on the class path offers"
                        + " (found: pi4j)");
    }
}
