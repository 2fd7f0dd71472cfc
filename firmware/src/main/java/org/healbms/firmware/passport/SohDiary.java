package org.healbms.firmware.passport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Each cell's state of health once a day, for the last {@link #DAYS} days, in a file of fixed size
 * ({@code soh-daily.bin} in the state directory): a ring of one record per day, placed by the day's
 * number, so the file never grows and a day ten years on overwrites the day ten years before.
 *
 * <p>A record is the UTC day number (8 bytes), then per cell the capacity as a fraction of the rated
 * one, its 1σ, the resistance scale and its 1σ as IEEE half-precision floats (2 bytes each: 3
 * significant digits, 0.05 % at 1.0, as fine as the estimate's own spread), then a CRC-32C of the
 * record. A day is written once, at the first save of the day, and forced to disk; a write cut off
 * by a power cut spoils that day's record only, which reading skips and names. The 16-byte header
 * holds the magic, the cell count and the ring's length: a file of another pack is set aside.
 */
public final class SohDiary {

    /** Ten years of days, leap days included. */
    public static final int DAYS = 3653;

    public static final String FILE = "soh-daily.bin";

    private static final byte[] MAGIC = "HBSOHD01".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 16;

    /** One day's point: per cell, capacity fraction, its 1σ, resistance scale, its 1σ (NaN where unknown). */
    public record Day(long epochDay, float[][] cells) {}

    /** What the diary holds, oldest first, and the records it had to skip. */
    public record Contents(List<Day> days, List<String> damaged) {}

    private final Path file;
    private final int cells;
    private long lastDay = Long.MIN_VALUE;

    private SohDiary(Path file, int cells) {
        this.file = file;
        this.cells = cells;
    }

    /**
     * Opens the diary of a pack of {@code cells} (created by the first {@link #note}); a file that is not
     * a diary of that many cells is renamed aside (never deleted) and the reason added to {@code warnings}.
     */
    public static SohDiary open(Path stateDir, int cells, List<String> warnings) throws IOException {
        Path file = stateDir.resolve(FILE);
        SohDiary diary = new SohDiary(file, cells);
        if (Files.exists(file)) {
            String problem = diary.headerProblem();
            if (problem == null) {
                diary.lastDay = read(file).days().stream()
                        .mapToLong(Day::epochDay)
                        .max()
                        .orElse(Long.MIN_VALUE);
                return diary;
            }
            Path aside = file.resolveSibling(FILE + ".damaged");
            for (int n = 1; Files.exists(aside); n++) {
                aside = file.resolveSibling(FILE + ".damaged." + n);
            }
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            warnings.add(file + ": " + problem + "; kept as " + aside.getFileName() + ", starting a new diary");
        }
        // The new file is made by the first note: a card that takes no writes does not keep the firmware
        // from starting, only the day's point from being written (a failed save, like the state's).
        return diary;
    }

    /** Writes a new, empty diary's header and forces its name into the directory. */
    private void create() throws IOException {
        Path stateDir = file.getParent();
        Files.createDirectories(stateDir);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER)
                    .put(MAGIC)
                    .putInt(cells)
                    .putInt(DAYS)
                    .flip();
            ch.write(header, 0);
            ch.force(true);
        }
        try (FileChannel dir = FileChannel.open(stateDir, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private String headerProblem() throws IOException {
        byte[] header = new byte[HEADER];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.read(ByteBuffer.wrap(header), 0) < HEADER) {
                return "too short for a diary header";
            }
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        byte[] magic = new byte[MAGIC.length];
        h.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            return "not a SoH diary";
        }
        int n = h.getInt();
        int days = h.getInt();
        return n != cells || days != DAYS
                ? "a diary of " + n + " cells over " + days + " days, not of " + cells + " over " + DAYS
                : null;
    }

    private static int recordSize(int cells) {
        return 8 + 8 * cells + 4;
    }

    /** Writes today's point if today has none yet; returns whether it wrote. */
    public boolean note(long epochDay, Passport p) throws IOException {
        if (epochDay <= lastDay) {
            return false;
        }
        int size = recordSize(cells);
        ByteBuffer r = ByteBuffer.allocate(size).putLong(epochDay);
        double rated = p.ratings().ratedCapacityAh();
        for (CellHealth h : p.health()) {
            r.putShort(Float.floatToFloat16((float) (h.capacityAh() / rated)));
            r.putShort(Float.floatToFloat16((float) (h.capacitySigmaAh() / rated)));
            r.putShort(Float.floatToFloat16((float) h.resistanceScale()));
            r.putShort(Float.floatToFloat16((float) h.resistanceScaleSigma()));
        }
        r.putInt(crc(r.array(), size - 4));
        r.flip();
        if (!Files.exists(file)) {
            create();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(r, HEADER + Math.floorMod(epochDay, DAYS) * (long) size);
            ch.force(false);
        }
        lastDay = epochDay;
        return true;
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    /** Reads a diary: its days oldest first; records that fail their CRC are named and skipped. */
    public static Contents read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all);
        byte[] magic = new byte[MAGIC.length];
        if (all.length < HEADER || !Arrays.equals(b.get(magic).array(), 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException(file + ": not a SoH diary");
        }
        int cells = b.getInt();
        int days = b.getInt();
        if (cells < 1 || days < 1) {
            throw new IOException(file + ": damaged header (" + cells + " cells, " + days + " days)");
        }
        int size = recordSize(cells);
        List<Day> out = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        for (int slot = 0; slot < days && HEADER + (long) (slot + 1) * size <= all.length; slot++) {
            int at = HEADER + slot * size;
            ByteBuffer r = ByteBuffer.wrap(all, at, size).slice();
            boolean empty = true;
            for (int i = 0; i < size && empty; i++) {
                empty = all[at + i] == 0;
            }
            if (empty) {
                continue; // never written
            }
            byte[] record = Arrays.copyOfRange(all, at, at + size);
            if (crc(record, size - 4) != r.getInt(size - 4)) {
                damaged.add(file + ": the record in slot " + slot + " fails its CRC-32C (a write cut off?)");
                continue;
            }
            long day = r.getLong(0);
            float[][] values = new float[cells][4];
            for (int k = 0; k < cells; k++) {
                for (int v = 0; v < 4; v++) {
                    values[k][v] = Float.float16ToFloat(r.getShort(8 + 8 * k + 2 * v));
                }
            }
            out.add(new Day(day, values));
        }
        out.sort(Comparator.comparingLong(Day::epochDay));
        return new Contents(out, damaged);
    }
}
