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
import java.util.List;
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
 * <p>Opening checks every line of every file. A torn last line (power lost mid-append) is cut off,
 * so appends go on after the last good record; a damaged line elsewhere is skipped and reported,
 * never guessed at.
 */
public final class AuditLog implements AutoCloseable {

    /** A record read back. */
    public record Entry(long sequence, String text) {
    }

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

    private final Path file;
    private final List<String> warnings = new ArrayList<>();
    private final ArrayBlockingQueue<Entry> queue = new ArrayBlockingQueue<>(QUEUE_RECORDS);
    private final Thread writer;

    /** Files on disk, oldest first; the last is the current one. Guarded by itself (the disk lock). */
    private final List<Segment> segments = new ArrayList<>();
    private FileChannel channel;

    // Guarded by this (after the disk lock, when both are taken).
    private final ArrayDeque<Entry> recent = new ArrayDeque<>();
    private long held;
    private long nextSequence = 1;
    private long lastWritten;
    private long lost;
    private boolean closed;
    private IOException failure;

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
                    offsets = java.util.Arrays.copyOf(offsets, 2 * k);
                }
                offsets[k] = offset;
            }
            records++;
            bytes = end;
        }
    }

    public AuditLog(Path file) throws IOException {
        this.file = file.toAbsolutePath();
        Files.createDirectories(this.file.getParent());
        for (int k = ROTATED_FILES; k >= 1; k--) {
            Path rotated = rotated(k);
            if (Files.exists(rotated)) {
                segments.add(scan(rotated, false));
            }
        }
        boolean existed = Files.exists(this.file);
        this.channel = FileChannel.open(this.file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        segments.add(existed ? scan(this.file, true) : new Segment(this.file));
        if (!existed) {
            forceDirectory();
        }
        lastWritten = nextSequence - 1;
        this.writer = Thread.ofPlatform().name("audit-writer").daemon().start(this::writeLoop);
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
     * record is lost (counted, and reported in the log once the writer catches up).
     *
     * @throws IOException when the writer could not write an earlier record
     */
    public synchronized long append(String text) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new IOException(file + ": the audit log is closed");
        }
        Entry e = new Entry(nextSequence, text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + " ...(cut)" : text);
        if (!queue.offer(e)) {
            lost++;
            return -1;
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
                write(batch);
                long reportLost;
                synchronized (this) {
                    lastWritten = batch.getLast().sequence();
                    reportLost = closed ? 0 : lost;
                    lost = 0;
                    notifyAll();
                }
                batch.clear();
                if (reportLost > 0) {
                    append(reportLost + " audit records lost: the disk did not take them fast enough");
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                synchronized (this) {
                    failure = e;
                    notifyAll();
                }
                return;
            }
        }
    }

    /** Writes a batch with one force per file it goes to; a file is rotated before it would pass its limit. */
    private void write(List<Entry> batch) throws IOException {
        synchronized (segments) {
            ByteBuffer buf = ByteBuffer.allocate(batch.stream().mapToInt(e -> line(e).length).sum());
            long base = segments.getLast().bytes; // the file's length on disk
            for (Entry e : batch) {
                byte[] line = line(e);
                if (segments.getLast().records > 0 && base + buf.position() + line.length > FILE_BYTES) {
                    writeOut(buf, base);
                    rotate();
                    base = 0;
                }
                long at = base + buf.position();
                buf.put(line);
                segments.getLast().recorded(at, at + line.length);
            }
            writeOut(buf, base);
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

    /** audit.log becomes audit.log.1, .1 becomes .2 ..., the oldest is deleted; a new audit.log is started. */
    private void rotate() throws IOException {
        channel.close();
        if (segments.size() > ROTATED_FILES) {
            Segment oldest = segments.removeFirst();
            Files.deleteIfExists(oldest.path);
            synchronized (this) {
                held -= oldest.records;
            }
        }
        for (int k = ROTATED_FILES - 1; k >= 1; k--) {
            if (Files.exists(rotated(k))) {
                Files.move(rotated(k), rotated(k + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
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
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        forceDirectory();
    }

    private void forceDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** Waits until every record appended so far is on disk. */
    public synchronized void flush() throws IOException, InterruptedException {
        long target = nextSequence - 1;
        while (lastWritten < target && failure == null && writer.isAlive()) {
            wait(100);
        }
        if (failure != null) {
            throw failure;
        }
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
            channel.close();
        }
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
