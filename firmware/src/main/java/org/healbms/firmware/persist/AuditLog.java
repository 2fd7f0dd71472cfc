package org.healbms.firmware.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An append-only log of what the firmware did (faults, state changes, healing firings, aborts), one
 * record per line: {@code <crc32c-hex> <seq> <text>}. Every append is forced to disk before it
 * returns, so a record that was reported written survives a power cut.
 *
 * <p>Opening checks every line. A torn last line (power lost mid-append) is cut off, so appends go
 * on after the last good record; a damaged line elsewhere is skipped and reported, never guessed at.
 */
public final class AuditLog implements AutoCloseable {

    /** A record read back. */
    public record Entry(long sequence, String text) {
    }

    private final Path file;
    private final FileChannel channel;
    private final List<Entry> entries = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private long nextSequence = 1;

    public AuditLog(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.toAbsolutePath().getParent());
        boolean existed = Files.exists(file);
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (existed) {
            recover();
        } else {
            try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        }
    }

    private void recover() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int lineStart = 0;
        long goodEnd = 0;
        int lineNumber = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            lineNumber++;
            String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
            Entry e = parse(line);
            if (e == null) {
                warnings.add(file + ":" + lineNumber + ": damaged record skipped");
            } else {
                entries.add(e);
                nextSequence = Math.max(nextSequence, e.sequence() + 1);
            }
            lineStart = i + 1;
            goodEnd = i + 1;
        }
        if (goodEnd < bytes.length) {
            warnings.add(file + ":" + (lineNumber + 1) + ": torn last record (" + (bytes.length - goodEnd)
                    + " bytes, an append cut off by a power loss) removed");
            channel.truncate(goodEnd);
            channel.force(true);
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

    /** Appends one record (a single line: newlines are escaped) and returns its sequence number once on disk. */
    public synchronized long append(String text) throws IOException {
        long seq = nextSequence;
        String body = seq + " " + text.replace("\\", "\\\\").replace("\n", "\\n");
        byte[] line = (crc(body) + " " + body + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(line);
        long position = channel.size();
        while (buf.hasRemaining()) {
            position += channel.write(buf, position);
        }
        channel.force(false);
        entries.add(new Entry(seq, text));
        nextSequence = seq + 1;
        return seq;
    }

    /** Records {@code from} (0-based) onwards, at most {@code limit}: for paged reading. */
    public synchronized List<Entry> page(int from, int limit) {
        int end = Math.min(entries.size(), from + limit);
        return from >= end ? List.of() : List.copyOf(entries.subList(from, end));
    }

    public synchronized int size() {
        return entries.size();
    }

    /** What opening found wrong with the file, if anything. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
