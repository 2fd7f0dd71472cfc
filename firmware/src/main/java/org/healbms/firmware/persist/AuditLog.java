package org.healbms.firmware.persist;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * An append-only log of what the firmware did (faults, state changes, healing firings, aborts), one
 * record per line: {@code <crc32c-hex> <seq> <text>}.
 *
 * <p>Bounded on disk and in memory, and never a wait for the control loop. {@link #append} puts the
 * record in a queue of {@value #QUEUE_RECORDS} and returns; a writer thread writes what is queued
 * and forces it to disk once per batch (so a burst costs one fsync, not one each). The file is
 * rotated at {@value #FILE_BYTES} bytes to {@code audit.log.1} ... {@code audit.log.}{@value #ROTATED_FILES}
 * (the oldest deleted): at most 5 MB on the card. Memory holds the newest {@value #MEMORY_RECORDS}
 * records and, for paging further back, one file offset per {@value #STRIDE} records.
 * {@link #close} writes everything queued first. A queue that is full (a card that has stopped
 * taking writes) loses the record rather than blocking the caller, and says so in the log later.
 *
 * <p>A card that fails a write (full, or remounted read-only after an error) stops nothing: the
 * writer keeps the batch, tries it again every {@value #RETRY_MS} ms, and {@link #writeFailure} says
 * why it is waiting, so the firmware can raise a diagnosis. Records appended meanwhile wait in the
 * queue (bounded as always); once a write goes through, the log says how long it was held up.
 *
 * <p>Opening checks every line of every file. A torn last line (power lost mid-append) is cut off,
 * so appends go on after the last good record; a damaged line elsewhere is skipped and reported,
 * never guessed at.
 */
public final class AuditLog implements AutoCloseable {

    /** A record read back. */
    public record Entry(long sequence, String text) {}

    /** The current file is rotated once it reaches this size. */
    public static final long FILE_BYTES = 1 << 20;
    /** Rotated files kept: {@code audit.log.1} (newest) to {@code audit.log.4} (oldest). */
    public static final int ROTATED_FILES = 4;
    /** Newest records held in memory, for paging without reading the card. */
    static final int MEMORY_RECORDS = 1024;
    /** Records waiting for the writer; fewer than {@link #MEMORY_RECORDS}, so all waiting ones are in memory. */
    static final int QUEUE_RECORDS = 512;
    /** A record's text is cut at this length (so a file holds at least a thousand records). */
    static final int MAX_TEXT = 1000;
    /** One file offset is held per this many records. */
    static final int STRIDE = 64;
    /** Places in the queue kept for the writer's own two notes (held up, records lost). */
    private static final int WRITER_NOTES = 2;
    /** A failed write is tried again after this long. */
    static final long RETRY_MS = 1000;

    /** Opens a file of the log for reading and writing: the seam a test puts a failing card behind. */
    @FunctionalInterface
    interface ChannelOpener {
        FileChannel open(Path file) throws IOException;
    }

    private final Path file;
    private final ChannelOpener opener;
    private final List<String> warnings = new ArrayList<>();
    private final ArrayBlockingQueue<Entry> queue = new ArrayBlockingQueue<>(QUEUE_RECORDS);
    private final Thread writer;

    /** Files on disk, oldest first; the last is the current one. Guarded by itself (the disk lock). */
    private final List<Segment> segments = new ArrayList<>();

    private FileChannel channel;
    /** The files have moved for a rotation whose new file is not open yet. Guarded by segments. */
    private boolean filesRotated;

    // Guarded by this (after the disk lock, when both are taken).
    private final ArrayDeque<Entry> recent = new ArrayDeque<>();
    private long held;
    private long nextSequence = 1;
    private long lastWritten;
    private long lost;
    private boolean closed;
    /** Why the last write failed, until one succeeds again; null while writing works. */
    private IOException writeFailure;

    private long failingSinceMs;

    /** A file's records: how many, its size, and the offset of every {@link #STRIDE}-th record. */
    private static final class Segment {
        final Path path;
        long records;
        long bytes;
        long[] offsets = new long[16];

        Segment(Path path) {
            this.path = path;
        }

        void recorded(long offset, long end) {
            if (records % STRIDE == 0) {
                int k = (int) (records / STRIDE);
                if (k == offsets.length) {
                    offsets = Arrays.copyOf(offsets, 2 * k);
                }
                offsets[k] = offset;
            }
            records++;
            bytes = end;
        }
    }

    public AuditLog(Path file) throws IOException {
        this(
                file,
                f -> FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    /**
     * Opens the log: reads what the files hold and opens the current one for appending. A card that
     * takes no writes (read-only, full, a directory that cannot be created) does not make this fail:
     * the log starts as it goes on after a failed write, records held in memory and the file opened
     * again every {@value #RETRY_MS} ms, with {@link #writeFailure} saying why.
     */
    AuditLog(Path file, ChannelOpener opener) throws IOException {
        this.file = file.toAbsolutePath();
        this.opener = opener;
        for (int k = ROTATED_FILES; k >= 1; k--) {
            Path rotated = rotated(k);
            if (Files.exists(rotated)) {
                segments.add(scan(rotated, false));
            }
        }
        try {
            openCurrent();
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Never written through; nothing is lost.
                }
                channel = null;
            }
            writeFailure = e;
            failingSinceMs = System.currentTimeMillis();
            if (segments.isEmpty() || !segments.getLast().path.equals(this.file)) {
                segments.add(Files.exists(this.file) ? scan(this.file, false) : new Segment(this.file));
            }
        }
        lastWritten = nextSequence - 1;
        this.writer = Thread.ofPlatform().name("audit-writer").daemon().start(this::writeLoop);
    }

    /** Opens the current file for appending (its directory created if missing); a torn tail is cut off. */
    private void openCurrent() throws IOException {
        Files.createDirectories(file.getParent());
        boolean existed = Files.exists(file);
        FileChannel opened = opener.open(file);
        if (!segments.isEmpty() && segments.getLast().path.equals(file)) {
            // Scanned when the file could not be opened: a torn tail left then is cut off now.
            Segment current = segments.getLast();
            try {
                if (opened.size() > current.bytes) {
                    opened.truncate(current.bytes);
                    opened.force(true);
                }
            } catch (IOException e) {
                opened.close();
                throw e;
            }
            channel = opened;
            if (!existed) {
                forceDirectory();
            }
            return;
        }
        channel = opened;
        segments.add(existed ? scan(file, true) : new Segment(file));
        if (!existed) {
            forceDirectory();
        }
    }

    private Path rotated(int k) {
        return file.resolveSibling(file.getFileName() + "." + k);
    }

    /** Reads a file through once: counts, indexes and keeps the newest records; cuts a torn tail of the current file. */
    private Segment scan(Path path, boolean current) throws IOException {
        Segment s = new Segment(path);
        long offset = 0;
        long lineStart = 0;
        int lineNumber = 0;
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            int b;
            while ((b = in.read()) >= 0) {
                offset++;
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                lineNumber++;
                Entry e = parse(line.toString(StandardCharsets.UTF_8));
                line.reset();
                if (e == null) {
                    warnings.add(path + ":" + lineNumber + ": damaged record skipped");
                } else {
                    s.recorded(lineStart, offset);
                    remember(e);
                    nextSequence = Math.max(nextSequence, e.sequence() + 1);
                }
                lineStart = offset;
            }
        }
        s.bytes = lineStart;
        held += s.records;
        if (lineStart < offset) {
            if (current) {
                warnings.add(path + ":" + (lineNumber + 1) + ": torn last record (" + (offset - lineStart)
                        + " bytes, an append cut off by a power loss) removed");
                channel.truncate(lineStart);
                channel.force(true);
            } else {
                warnings.add(path + ":" + (lineNumber + 1) + ": torn last record skipped");
            }
        }
        return s;
    }

    private void remember(Entry e) {
        recent.addLast(e);
        if (recent.size() > MEMORY_RECORDS) {
            recent.removeFirst();
        }
    }

    private static Entry parse(String line) {
        int first = line.indexOf(' ');
        int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
        if (first != 8 || second < 0) {
            return null;
        }
        String body = line.substring(first + 1);
        if (!crc(body).equals(line.substring(0, first))) {
            return null;
        }
        try {
            return new Entry(Long.parseLong(line.substring(first + 1, second)), unescape(line.substring(second + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String crc(String body) {
        CRC32C crc = new CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return "%08x".formatted(crc.getValue());
    }

    private static byte[] line(Entry e) {
        String body = e.sequence() + " " + e.text().replace("\\", "\\\\").replace("\n", "\\n");
        return (crc(body) + " " + body + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Queues one record (a single line: newlines are escaped; cut at {@value #MAX_TEXT} characters)
     * for the writer and returns its sequence number at once; -1 when the queue is full and the
     * record is lost (counted, and reported in the log once the writer catches up). A card that
     * takes no writes does not make this fail: see {@link #writeFailure}.
     *
     * @throws IOException when the log is closed
     */
    public synchronized long append(String text) throws IOException {
        if (closed) {
            throw new IOException(file + ": the audit log is closed");
        }
        // The last places are the writer's, for saying what a full queue cost.
        if (queue.remainingCapacity() <= WRITER_NOTES) {
            lost++;
            return -1;
        }
        return enqueue(text);
    }

    /** Queues a record with the next sequence number; the caller holds this and has checked for room. */
    private long enqueue(String text) {
        Entry e = new Entry(nextSequence, text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + " ...(cut)" : text);
        if (!queue.offer(e)) {
            throw new IllegalStateException("no room in the audit queue after it was checked");
        }
        nextSequence++;
        remember(e);
        held++;
        return e.sequence();
    }

    private void writeLoop() {
        List<Entry> batch = new ArrayList<>(QUEUE_RECORDS);
        while (true) {
            try {
                if (batch.isEmpty()) {
                    Entry first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        synchronized (this) {
                            if (closed && queue.isEmpty()) {
                                return;
                            }
                        }
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch);
                }
                try {
                    write(batch);
                } catch (IOException e) {
                    boolean closing;
                    synchronized (this) {
                        if (writeFailure == null) {
                            failingSinceMs = System.currentTimeMillis();
                        }
                        writeFailure = e;
                        closing = closed;
                        notifyAll();
                    }
                    if (closing) {
                        return; // close() reports what could not be written
                    }
                    // The batch is kept and tried again; appends queue up meanwhile (bounded).
                    Thread.sleep(RETRY_MS);
                    continue;
                }
                synchronized (this) {
                    // Said in the same step that clears the failure, so whoever sees the log writable
                    // again and flushes finds these records already queued; into the places kept for
                    // them, which a flood of appends cannot take.
                    if (!closed && writeFailure != null) {
                        enqueue("the audit log is written again after "
                                + (System.currentTimeMillis() - failingSinceMs) / 1000
                                + " s in which the disk took no writes; the records"
                                + " of that time follow from memory");
                    }
                    if (!closed && lost > 0) {
                        enqueue(lost + " audit records lost: the disk did not take them fast enough");
                        lost = 0;
                    }
                    writeFailure = null;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Writes a batch with one force per file it goes to; a file is rotated before it would pass its
     * limit. Each record written and forced is taken off the front of {@code batch}, so a failure
     * leaves exactly the records still to write, and a retry writes them at the same place.
     */
    private void write(List<Entry> batch) throws IOException {
        synchronized (segments) {
            if (channel == null) {
                openCurrent(); // the card took no writes when the log was opened
            }
            while (!batch.isEmpty()) {
                Segment current = segments.getLast();
                long base = current.bytes; // the file's length on disk
                List<byte[]> lines = new ArrayList<>();
                int size = 0;
                for (Entry e : batch) {
                    byte[] line = line(e);
                    if (current.records + lines.size() > 0 && base + size + line.length > FILE_BYTES) {
                        break;
                    }
                    lines.add(line);
                    size += line.length;
                }
                if (lines.isEmpty()) {
                    rotate();
                    continue;
                }
                ByteBuffer buf = ByteBuffer.allocate(size);
                lines.forEach(buf::put);
                writeOut(buf, base);
                long at = base;
                for (byte[] line : lines) {
                    current.recorded(at, at + line.length);
                    at += line.length;
                }
                long last = batch.get(lines.size() - 1).sequence();
                batch.subList(0, lines.size()).clear();
                synchronized (this) {
                    lastWritten = last;
                    notifyAll();
                }
            }
        }
    }

    /** Writes what {@code buf} holds at {@code position} of the current file and forces it. */
    private void writeOut(ByteBuffer buf, long position) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            position += channel.write(buf, position);
        }
        channel.force(false);
        buf.clear();
    }

    /**
     * audit.log becomes audit.log.1, .1 becomes .2 ..., the oldest is deleted; a new audit.log is
     * started. The files move first and the index follows only once the new file is open, so a
     * card that refuses a step leaves the index as it was and the rotation is tried again.
     */
    private void rotate() throws IOException {
        if (!filesRotated) {
            if (segments.size() > ROTATED_FILES) {
                Files.deleteIfExists(segments.getFirst().path);
            }
            for (int k = ROTATED_FILES - 1; k >= 1; k--) {
                if (Files.exists(rotated(k))) {
                    Files.move(rotated(k), rotated(k + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
            filesRotated = true; // a retry after a failed open below must not shift the files again
        }
        FileChannel next = opener.open(file);
        filesRotated = false;
        try {
            channel.close();
        } catch (IOException e) {
            // Written and forced already; a close that fails loses nothing.
        }
        channel = next;
        if (segments.size() > ROTATED_FILES) {
            Segment oldest = segments.removeFirst();
            synchronized (this) {
                held -= oldest.records;
            }
        }
        List<Segment> renamed = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            Segment old = segments.get(i);
            Segment s = new Segment(rotated(segments.size() - i));
            s.records = old.records;
            s.bytes = old.bytes;
            s.offsets = old.offsets;
            renamed.add(s);
        }
        segments.clear();
        segments.addAll(renamed);
        segments.add(new Segment(file));
        forceDirectory();
    }

    private void forceDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** Waits until every record appended so far is on disk; throws at once while the disk takes no writes. */
    public synchronized void flush() throws IOException, InterruptedException {
        long target = nextSequence - 1;
        while (lastWritten < target && writeFailure == null && writer.isAlive()) {
            wait(100);
        }
        if (writeFailure != null) {
            throw writeFailure;
        }
    }

    /** Why the disk took no writes at the last attempt; empty while writing works. */
    public synchronized Optional<IOException> writeFailure() {
        return Optional.ofNullable(writeFailure);
    }

    /** Records {@code from} (0-based, from the oldest held) onwards, at most {@code limit}: for paged reading. */
    public List<Entry> page(int from, int limit) {
        synchronized (segments) {
            long firstInMemory;
            long end;
            List<Entry> memory;
            synchronized (this) {
                firstInMemory = held - recent.size();
                end = Math.min(held, (long) from + limit);
                if (from >= end) {
                    return List.of();
                }
                memory = from + limit > firstInMemory ? List.copyOf(recent) : List.of();
            }
            List<Entry> out = new ArrayList<>(limit);
            if (from < firstInMemory) {
                try {
                    readDisk(from, (int) (Math.min(end, firstInMemory) - from), out);
                } catch (IOException e) {
                    return out; // an unreadable old file pages as far as it could be read
                }
            }
            for (long i = Math.max(from, firstInMemory); i < end; i++) {
                out.add(memory.get((int) (i - firstInMemory)));
            }
            return out;
        }
    }

    /** Records {@code from} onwards ({@code count} of them) from the files, by the sparse index. */
    private void readDisk(long from, int count, List<Entry> out) throws IOException {
        long skip = from;
        for (Segment s : segments) {
            if (count == 0) {
                return;
            }
            if (skip >= s.records) {
                skip -= s.records;
                continue;
            }
            long start = s.offsets[(int) (skip / STRIDE)];
            long toSkip = skip % STRIDE;
            skip = 0;
            try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ);
                    InputStream in = new BufferedInputStream(Channels.newInputStream(ch.position(start)), 1 << 14)) {
                ByteArrayOutputStream line = new ByteArrayOutputStream(256);
                long position = start;
                int b;
                while (count > 0 && position < s.bytes && (b = in.read()) >= 0) {
                    position++;
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    Entry e = parse(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                    if (e == null) {
                        continue; // skipped when the file was opened too: not counted
                    }
                    if (toSkip > 0) {
                        toSkip--;
                    } else {
                        out.add(e);
                        count--;
                    }
                }
            }
        }
    }

    /** Records held (in the current and the rotated files). */
    public synchronized int size() {
        return (int) Math.min(Integer.MAX_VALUE, held);
    }

    /** What opening found wrong with the files, if anything. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Writes everything queued, then closes the file. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (segments) {
            if (channel != null) {
                channel.close();
            }
        }
        synchronized (this) {
            long unwritten = nextSequence - 1 - lastWritten;
            if (unwritten > 0 && writeFailure != null) {
                throw new IOException(
                        file + ": " + unwritten + " audit records could not be written: " + writeFailure.getMessage(),
                        writeFailure);
            }
        }
    }
}
