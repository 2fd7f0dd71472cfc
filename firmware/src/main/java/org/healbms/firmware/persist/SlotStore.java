package org.healbms.firmware.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Crash-safe storage of one state record in two slot files, written alternately. A save overwrites
 * the slot that does not hold the newest record and forces it to disk before returning, so at any
 * instant at least one slot holds a complete record: a power cut or a kill during a save can cost
 * at most the save in progress, never the one before it. Each record carries its sequence number,
 * length and CRC-32C; loading takes the newest slot that checks out and says why it passed over the
 * other.
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
    public record Loaded(long sequence, byte[] payload, List<String> warnings) {
    }

    public SlotStore(Path directory, String name) throws IOException {
        Files.createDirectories(directory);
        this.slots = new Path[] {directory.resolve(name + ".a"), directory.resolve(name + ".b")};
        Optional<Loaded> existing = load();
        existing.ifPresent(l -> sequence = l.sequence());
    }

    /** Writes the payload as the next record; returns its sequence number once it is on disk. */
    public synchronized long save(byte[] payload) throws IOException {
        long seq = sequence + 1;
        int slot = newest < 0 ? 0 : 1 - newest;
        byte[] header = header(seq, payload).getBytes(StandardCharsets.US_ASCII);
        boolean created = !Files.exists(slots[slot]);
        try (FileChannel ch = FileChannel.open(slots[slot], StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.allocate(header.length + payload.length).put(header).put(payload).flip();
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

    /** The newest complete record, if any slot holds one. */
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
                throw new IOException("no usable state record: " + String.join("; ", warnings));
            }
            return Optional.empty();
        }
        newest = bestSlot;
        sequence = Math.max(sequence, best.sequence());
        return Optional.of(new Loaded(best.sequence(), best.payload(), warnings));
    }

    private static final class CorruptSlotException extends IOException {
        CorruptSlotException(String message) {
            super(message);
        }
    }

    private static Loaded read(Path slot) throws IOException {
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
            throw new CorruptSlotException("record " + seq + " is " + (bytes.length - eol - 1) + " bytes, its header says "
                    + length + " (a save was cut off)");
        }
        byte[] payload = java.util.Arrays.copyOfRange(bytes, eol + 1, bytes.length);
        if (!crc(String.join(" ", h[0], h[1], h[2], h[3]), payload).equals(h[4])) {
            throw new CorruptSlotException("record " + seq + " fails its CRC-32C");
        }
        return new Loaded(seq, payload, List.of());
    }
}
