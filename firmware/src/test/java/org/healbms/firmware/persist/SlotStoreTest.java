package org.healbms.firmware.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotStoreTest {

    @TempDir
    Path dir;

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsTheNewestRecordAcrossRestarts() throws IOException {
        SlotStore store = new SlotStore(dir, "state");
        assertThat(store.load()).isEmpty();
        assertThat(store.save(text("one"))).isEqualTo(1);
        assertThat(store.save(text("two"))).isEqualTo(2);
        assertThat(store.save(text("three"))).isEqualTo(3);
        SlotStore reopened = new SlotStore(dir, "state");
        var loaded = reopened.load().orElseThrow();
        assertThat(loaded.sequence()).isEqualTo(3);
        assertThat(new String(loaded.payload(), StandardCharsets.UTF_8)).isEqualTo("three");
        assertThat(loaded.warnings()).isEmpty();
        assertThat(reopened.save(text("four"))).isEqualTo(4); // the sequence carries on
        assertThat(Files.readString(dir.resolve("state.a"))).startsWith("HEALBMS-SLOT 1 3 5 ");
        assertThat(Files.readString(dir.resolve("state.b"))).startsWith("HEALBMS-SLOT 1 4 4 ");
    }

    /** Every way the newest slot can be damaged (cut at any length, any bit flipped) falls back one record. */
    @Test
    void aDamagedNewestRecordFallsBackToThePreviousWithAWarning() throws IOException {
        Random random = new Random(5);
        for (int trial = 0; trial < 300; trial++) {
            Path d = Files.createDirectories(dir.resolve("t" + trial));
            SlotStore store = new SlotStore(d, "state");
            store.save(text("previous state " + trial));
            store.save(text("newest state " + trial + " with some more bytes"));
            Path newest = d.resolve("state.b");
            byte[] bytes = Files.readAllBytes(newest);
            if (trial % 2 == 0) {
                Files.write(newest, java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length)));
            } else {
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                Files.write(newest, bytes);
            }
            var loaded = new SlotStore(d, "state").load().orElseThrow();
            assertThat(new String(loaded.payload(), StandardCharsets.UTF_8)).isEqualTo("previous state " + trial);
            assertThat(loaded.sequence()).isEqualTo(1);
            assertThat(loaded.warnings()).singleElement().satisfies(w -> assertThat(w).contains("state.b")
                    .contains("using the other slot"));
        }
    }

    @Test
    void whenBothSlotsAreDamagedLoadingFailsWithBothReasons() throws IOException {
        SlotStore store = new SlotStore(dir, "state");
        store.save(text("a"));
        store.save(text("b"));
        Files.write(dir.resolve("state.a"), new byte[0]);
        Files.writeString(dir.resolve("state.b"), "garbage\n");
        assertThatThrownBy(() -> new SlotStore(dir, "state")).isInstanceOf(IOException.class)
                .hasMessageContaining("no usable state record").hasMessageContaining("empty")
                .hasMessageContaining("not a HealBMS state slot");
    }
}
