package org.healbms.firmware.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Crash-safe storage of one state record in two slot files, written alternately. A save overwrites
 * the slot that does not hold the newest record and forces it to disk before returning, so at any
 * instant at least one slot holds a complete record: a power cut or a kill during a save can cost
 * at most the save in progress, never the one before it. Each record carries its sequence number,
 * length and CRC-32C; loading takes the newest slot that checks out and says why it passed over the
 * other. Damaged slots never keep the store from opening: {@link #recover} says what it found, and
 * when no slot can be read it renames them aside for inspection (never deletes them) and starts empty.
 *
 * <p>Layout of a slot: the ASCII header {@code HEALBMS-SLOT 1 <seq> <length> <crc32c-hex>\n}, then
 * the payload bytes; the CRC covers the header's fields and the payload.
 */
public final class SlotStore {

    private static final String MAGIC = "HEALBMS-SLOT";
    private static final int VERSION = 1;
    private static final int MAX_HEADER = 128;

    private final Path[] slots;
    private long sequence;
    private int newest = -1;

    /** A record as loaded, with what was wrong with the other slot, if anything. */
    public record Loaded(long sequence, byte[] payload, List<String> warnings) {}

    /** A slot passed over, and why. */
    public record Damage(Path slot, String reason) {}

    /** Reads a payload into what it stands for; an unreadable one is an IOException saying why. */
    @FunctionalInterface
    public interface PayloadReader<T> {
        T read(byte[] payload) throws IOException;
    }

    /** What {@link #recover} found. */
    public sealed interface Recovery<T> {}

    /** No slot was ever written: a first start. */
    public record Fresh<T>() implements Recovery<T> {}

    /**
     * The newest record that checks out and reads.
     *
     * @param passedOver the slots skipped on the way (damaged, or newer but unreadable); empty normally
     */
    public record Restored<T>(long sequence, T value, List<Damage> passedOver) implements Recovery<T> {}

    /**
     * Slots were there but none could be read: each was renamed aside and the store is empty.
     *
     * @param keptAs where the damaged slot files are now, for inspection
     */
    public record Lost<T>(List<Damage> damage, List<Path> keptAs) implements Recovery<T> {}

    /** When no slot holds a usable record but at least one slot file is there. */
    public static final class NoUsableRecordException extends IOException {
        NoUsableRecordException(String message) {
            super(message);
        }
    }

    /**
     * Opens the store; damaged slots are found by {@link #load} or {@link #recover}, not here. The
     * directory is created by the first save: a card that takes no writes still lets the store be read.
     */
    public SlotStore(Path directory, String name) throws IOException {
        this.slots = new Path[] {directory.resolve(name + ".a"), directory.resolve(name + ".b")};
        for (int s = 0; s < 2; s++) {
            try {
                notice(s, read(slots[s]));
            } catch (NoSuchFileException | CorruptSlotException e) {
                // Nothing to continue from in this slot; recover() or load() says so.
            }
        }
    }

    /** Takes note of a record that checks out, so the next save follows it and overwrites the other slot. */
    private void notice(int slot, Loaded record) {
        if (record.sequence() >= sequence) {
            sequence = record.sequence();
            newest = slot;
        }
    }

    /** Writes the payload as the next record; returns its sequence number once it is on disk. */
    public synchronized long save(byte[] payload) throws IOException {
        long seq = sequence + 1;
        int slot = newest < 0 ? 0 : 1 - newest;
        byte[] header = header(seq, payload).getBytes(StandardCharsets.US_ASCII);
        Files.createDirectories(slots[slot].getParent());
        boolean created = !Files.exists(slots[slot]);
        try (FileChannel ch = FileChannel.open(
                slots[slot],
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.allocate(header.length + payload.length)
                    .put(header)
                    .put(payload)
                    .flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        if (created) {
            // A new file's name lives in the directory: force that too, or a power cut can lose the file.
            try (FileChannel dir = FileChannel.open(slots[slot].getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        }
        sequence = seq;
        newest = slot;
        return seq;
    }

    private static String header(long seq, byte[] payload) {
        String fields = "%s %d %d %d".formatted(MAGIC, VERSION, seq, payload.length);
        return fields + " " + crc(fields, payload) + "\n";
    }

    /** CRC-32C over the header's fields and the payload, so a damaged sequence number is caught too. */
    private static String crc(String headerFields, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(headerFields.getBytes(StandardCharsets.US_ASCII));
        crc.update(payload);
        return "%08x".formatted(crc.getValue());
    }

    /**
     * The newest record that checks out and that {@code reader} can read, falling back to the other
     * slot; when slots are there but neither can be read, they are renamed aside ({@link #setAside})
     * and the store starts empty, so that a damaged store never keeps its owner from starting.
     */
    public synchronized <T> Recovery<T> recover(PayloadReader<T> reader) throws IOException {
        List<Damage> damage = new ArrayList<>();
        List<Loaded> intact = new ArrayList<>();
        List<Integer> intactSlots = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            try {
                Loaded l = read(slots[s]);
                notice(s, l);
                int at = intact.isEmpty() || l.sequence() < intact.getFirst().sequence() ? intact.size() : 0;
                intact.add(at, l);
                intactSlots.add(at, s);
            } catch (NoSuchFileException e) {
                // Never written: nothing to say.
            } catch (CorruptSlotException e) {
                damage.add(new Damage(slots[s], e.getMessage()));
            }
        }
        for (int k = 0; k < intact.size(); k++) {
            Loaded l = intact.get(k);
            T value;
            try {
                value = reader.read(l.payload());
            } catch (IOException | RuntimeException e) {
                damage.add(new Damage(
                        slots[intactSlots.get(k)],
                        "record " + l.sequence() + " checks out but cannot be read: " + e.getMessage()));
                continue;
            }
            if (k > 0) {
                // The newer record was intact but unreadable (a newer format, a bug): it is kept, not
                // overwritten by the next save, which goes to its slot.
                Damage d = damage.removeLast();
                damage.add(new Damage(
                        d.slot(),
                        d.reason() + "; kept as " + moveAside(d.slot()).getFileName()));
            }
            // The next save overwrites the other slot: the one passed over, never this one.
            newest = intactSlots.get(k);
            return new Restored<>(l.sequence(), value, List.copyOf(damage));
        }
        if (damage.isEmpty()) {
            return new Fresh<>();
        }
        return new Lost<>(List.copyOf(damage), setAside());
    }

    /**
     * Renames the slot files that are there to {@code <slot>.damaged} (or {@code .damaged.1},
     * {@code .damaged.2}, ... when an earlier one is kept already: nothing is overwritten) and empties
     * the store; returns where they went.
     */
    public synchronized List<Path> setAside() throws IOException {
        List<Path> kept = new ArrayList<>();
        for (Path slot : slots) {
            if (Files.exists(slot)) {
                kept.add(moveAside(slot));
            }
        }
        newest = -1;
        return kept;
    }

    private static Path moveAside(Path slot) throws IOException {
        Path aside = slot.resolveSibling(slot.getFileName() + ".damaged");
        for (int n = 1; Files.exists(aside); n++) {
            aside = slot.resolveSibling(slot.getFileName() + ".damaged." + n);
        }
        Files.move(slot, aside, StandardCopyOption.ATOMIC_MOVE);
        // The rename lives in the directory: force it, or a power cut can bring the damaged slot back.
        try (FileChannel dir = FileChannel.open(slot.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
        return aside;
    }

    /**
     * The newest complete record, if any slot holds one.
     *
     * @throws NoUsableRecordException when slots are there but none holds a complete record
     */
    public synchronized Optional<Loaded> load() throws IOException {
        List<String> warnings = new ArrayList<>();
        Loaded best = null;
        int bestSlot = -1;
        for (int s = 0; s < 2; s++) {
            try {
                Loaded l = read(slots[s]);
                if (best == null || l.sequence() > best.sequence()) {
                    best = l;
                    bestSlot = s;
                }
            } catch (NoSuchFileException e) {
                // Never written: nothing to say.
            } catch (CorruptSlotException e) {
                warnings.add(slots[s] + ": " + e.getMessage() + "; using the other slot");
            }
        }
        if (best == null) {
            if (!warnings.isEmpty()) {
                throw new NoUsableRecordException("no usable state record: " + String.join("; ", warnings));
            }
            return Optional.empty();
        }
        newest = bestSlot;
        sequence = Math.max(sequence, best.sequence());
        return Optional.of(new Loaded(best.sequence(), best.payload(), warnings));
    }

    /** The slot file the newest record came from (after {@link #load} or {@link #recover}); null when none did. */
    public synchronized Path newestSlot() {
        return newest < 0 ? null : slots[newest];
    }

    private static final class CorruptSlotException extends IOException {
        CorruptSlotException(String message) {
            super(message);
        }
    }

    private static Loaded read(Path slot) throws IOException {
        if (!Files.exists(slot)) {
            // Also where the directory is missing or is not one (a path that cannot be created).
            throw new NoSuchFileException(slot.toString());
        }
        byte[] bytes = Files.readAllBytes(slot);
        int eol = -1;
        for (int i = 0; i < Math.min(bytes.length, MAX_HEADER); i++) {
            if (bytes[i] == '\n') {
                eol = i;
                break;
            }
        }
        if (eol < 0) {
            throw new CorruptSlotException(bytes.length == 0 ? "empty (a save was cut off)" : "no header line");
        }
        String[] h = new String(bytes, 0, eol, StandardCharsets.US_ASCII).split(" ");
        if (h.length != 5 || !h[0].equals(MAGIC)) {
            throw new CorruptSlotException("not a HealBMS state slot");
        }
        if (!h[1].equals(Integer.toString(VERSION))) {
            throw new CorruptSlotException("slot format version " + h[1] + " is not " + VERSION);
        }
        long seq;
        int length;
        try {
            seq = Long.parseLong(h[2]);
            length = Integer.parseInt(h[3]);
        } catch (NumberFormatException e) {
            throw new CorruptSlotException("damaged header");
        }
        if (bytes.length - eol - 1 != length) {
            throw new CorruptSlotException("record " + seq + " is " + (bytes.length - eol - 1)
                    + " bytes, its header says " + length + " (a save was cut off)");
        }
        byte[] payload = Arrays.copyOfRange(bytes, eol + 1, bytes.length);
        if (!crc(String.join(" ", h[0], h[1], h[2], h[3]), payload).equals(h[4])) {
            throw new CorruptSlotException("record " + seq + " fails its CRC-32C");
        }
        return new Loaded(seq, payload, List.of());
    }
}
