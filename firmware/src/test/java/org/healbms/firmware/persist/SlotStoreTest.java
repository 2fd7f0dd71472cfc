package org.healbms.firmware.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
                Files.write(newest, Arrays.copyOf(bytes, random.nextInt(bytes.length)));
            } else {
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                Files.write(newest, bytes);
            }
            var loaded = new SlotStore(d, "state").load().orElseThrow();
            assertThat(new String(loaded.payload(), StandardCharsets.UTF_8)).isEqualTo("previous state " + trial);
            assertThat(loaded.sequence()).isEqualTo(1);
            assertThat(loaded.warnings())
                    .singleElement()
                    .satisfies(w -> assertThat(w).contains("state.b").contains("using the other slot"));
        }
    }

    @Test
    void whenBothSlotsAreDamagedLoadingFailsWithBothReasonsButOpeningDoesNot() throws IOException {
        SlotStore store = new SlotStore(dir, "state");
        store.save(text("a"));
        store.save(text("b"));
        Files.write(dir.resolve("state.a"), new byte[0]);
        Files.writeString(dir.resolve("state.b"), "garbage\n");
        SlotStore reopened = new SlotStore(dir, "state");
        assertThatThrownBy(reopened::load)
                .isInstanceOf(SlotStore.NoUsableRecordException.class)
                .hasMessageContaining("no usable state record")
                .hasMessageContaining("empty")
                .hasMessageContaining("not a HealBMS state slot");
    }

    private static String readable(byte[] payload) throws IOException {
        String s = new String(payload, StandardCharsets.UTF_8);
        if (!s.startsWith("state ")) {
            throw new IOException("not a state: '" + s + "'");
        }
        return s;
    }

    /**
     * Both slots damaged: recovery keeps them aside under new names, byte for byte, says what was
     * wrong with each, and leaves an empty store that saves and loads again; a second loss does not
     * overwrite what the first kept.
     */
    @Test
    void whenNoSlotCanBeReadRecoveryKeepsThemAsideAndStartsEmpty() throws IOException {
        SlotStore store = new SlotStore(dir, "state");
        store.save(text("state one"));
        store.save(text("state two"));
        byte[] a = Files.readAllBytes(dir.resolve("state.a"));
        byte[] b = Arrays.copyOf(Files.readAllBytes(dir.resolve("state.b")), 20);
        a[a.length - 1] ^= 0x01;
        Files.write(dir.resolve("state.a"), a);
        Files.write(dir.resolve("state.b"), b);

        SlotStore reopened = new SlotStore(dir, "state");
        SlotStore.Recovery<String> r = reopened.recover(SlotStoreTest::readable);
        assertThat(r).isInstanceOfSatisfying(SlotStore.Lost.class, lost -> {
            assertThat(lost.damage())
                    .extracting(d -> ((SlotStore.Damage) d).slot().getFileName().toString())
                    .containsExactlyInAnyOrder("state.a", "state.b");
            assertThat(lost.damage().toString()).contains("fails its CRC-32C").contains("no header line");
            assertThat(lost.keptAs())
                    .extracting(p -> ((Path) p).getFileName().toString())
                    .containsExactlyInAnyOrder("state.a.damaged", "state.b.damaged");
        });
        assertThat(Files.readAllBytes(dir.resolve("state.a.damaged"))).isEqualTo(a);
        assertThat(Files.readAllBytes(dir.resolve("state.b.damaged"))).isEqualTo(b);
        assertThat(dir.resolve("state.a")).doesNotExist();
        assertThat(dir.resolve("state.b")).doesNotExist();

        reopened.save(text("state three"));
        var loaded = new SlotStore(dir, "state").recover(SlotStoreTest::readable);
        assertThat(loaded).isInstanceOfSatisfying(SlotStore.Restored.class, restored -> {
            assertThat(restored.value()).isEqualTo("state three");
            assertThat(restored.passedOver()).isEmpty();
        });

        Files.writeString(dir.resolve("state.a"), "garbage\n");
        assertThat(new SlotStore(dir, "state").recover(SlotStoreTest::readable)).isInstanceOf(SlotStore.Lost.class);
        assertThat(Files.readString(dir.resolve("state.a.damaged.1"))).isEqualTo("garbage\n");
        assertThat(Files.readAllBytes(dir.resolve("state.a.damaged"))).isEqualTo(a);
    }

    @Test
    void aStoreNeverWrittenIsFresh() throws IOException {
        assertThat(new SlotStore(dir, "state").recover(SlotStoreTest::readable)).isInstanceOf(SlotStore.Fresh.class);
    }

    /** The newest slot damaged: the older one is restored and the damaged one named with its reason. */
    @Test
    void aFallBackToTheOlderSlotSaysWhichSlotWasPassedOverAndWhy() throws IOException {
        SlotStore store = new SlotStore(dir, "state");
        store.save(text("state one"));
        store.save(text("state two"));
        byte[] b = Files.readAllBytes(dir.resolve("state.b"));
        Files.write(dir.resolve("state.b"), Arrays.copyOf(b, b.length - 3));
        SlotStore reopened = new SlotStore(dir, "state");
        assertThat(reopened.recover(SlotStoreTest::readable)).isInstanceOfSatisfying(SlotStore.Restored.class, r -> {
            assertThat(r.value()).isEqualTo("state one");
            assertThat(r.sequence()).isEqualTo(1);
            assertThat(r.passedOver()).singleElement().satisfies(d -> {
                assertThat(((SlotStore.Damage) d).slot().getFileName()).hasToString("state.b");
                assertThat(((SlotStore.Damage) d).reason()).contains("a save was cut off");
            });
        });
        // The next save goes to the damaged slot, never over the record just restored.
        assertThat(reopened.save(text("state three"))).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("state.a"))).endsWith("state one");
    }

    /**
     * A newest record that checks out but cannot be read (a newer format, a bug) is passed over for
     * the older one and kept aside, since the next save would otherwise overwrite it.
     */
    @Test
    void anIntactButUnreadableNewestRecordIsKeptAndTheOlderRestored() throws IOException {
        SlotStore store = new SlotStore(dir, "state");
        store.save(text("state one"));
        store.save(text("format 2, not for this reader"));
        SlotStore reopened = new SlotStore(dir, "state");
        assertThat(reopened.recover(SlotStoreTest::readable)).isInstanceOfSatisfying(SlotStore.Restored.class, r -> {
            assertThat(r.value()).isEqualTo("state one");
            assertThat(r.passedOver())
                    .singleElement()
                    .satisfies(d -> assertThat(((SlotStore.Damage) d).reason())
                            .contains("record 2 checks out but cannot be read: not a state")
                            .contains("kept as state.b.damaged"));
        });
        assertThat(Files.readString(dir.resolve("state.b.damaged"))).endsWith("format 2, not for this reader");
        assertThat(reopened.save(text("state three"))).isEqualTo(3);
        assertThat(new SlotStore(dir, "state").recover(SlotStoreTest::readable))
                .isInstanceOfSatisfying(
                        SlotStore.Restored.class, r -> assertThat(r.value()).isEqualTo("state three"));
    }
}
