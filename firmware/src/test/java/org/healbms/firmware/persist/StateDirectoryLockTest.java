package org.healbms.firmware.persist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One firmware per state directory (the other process's side is in the CLI's and the Pi jar's tests). */
class StateDirectoryLockTest {

    @TempDir
    Path dir;

    @Test
    void aHeldDirectoryIsRefusedUntilItsLockIsReleased() throws Exception {
        Path state = dir.resolve("not/yet/there");
        try (StateDirectoryLock held = StateDirectoryLock.tryAcquire(state).orElseThrow()) {
            assertThat(state.resolve(StateDirectoryLock.FILE)).exists();
            assertThat(StateDirectoryLock.tryAcquire(state)).isEmpty();
            assertThat(StateDirectoryLock.holder(state))
                    .contains(ProcessHandle.current().pid());
        }
        Optional<StateDirectoryLock> again = StateDirectoryLock.tryAcquire(state);
        assertThat(again).isPresent();
        again.get().close();
    }

    @Test
    void aDirectoryWithoutALockFileNamesNoHolder() {
        assertThat(StateDirectoryLock.holder(dir)).isEmpty();
    }
}
