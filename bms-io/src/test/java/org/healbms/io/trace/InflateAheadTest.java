package org.healbms.io.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The inflating thread gives the parser what a plain {@link GZIPInputStream} would, and goes away on close. */
class InflateAheadTest {

    /** Small chunks, so that the tests cross many chunk boundaries and fill the ring. */
    private static final int CHUNK_BYTES = 1000;

    private static final int CHUNKS = 3;

    /** Trace-like text with some incompressible bytes, so the deflate stream has blocks of both kinds. */
    private static byte[] content() {
        StringBuilder text = new StringBuilder("Test Time / s,Voltage / V,Current / A\n");
        for (int k = 0; k < 20_000; k++) {
            text.append(k).append(",4.").append(k % 997).append(",-1.5\n");
        }
        byte[] csv = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] noise = new byte[50_000];
        new Random(18).nextBytes(noise);
        byte[] all = Arrays.copyOf(csv, csv.length + noise.length);
        System.arraycopy(noise, 0, all, csv.length, noise.length);
        return all;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static InflateAhead ahead(byte[] gz, String name) throws IOException {
        return InflateAhead.start(new GZIPInputStream(new ByteArrayInputStream(gz)), name, CHUNK_BYTES, CHUNKS);
    }

    /** What a stream gave before it ended or failed, and how it failed. */
    private record Outcome(byte[] bytes, Class<?> failure, String message) {}

    /** Reads in a mix of single bytes and odd-sized blocks, as a decoder might. */
    private static Outcome drain(InputStream in) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] block = new byte[777];
        try (in) {
            for (int k = 0; ; k++) {
                if (k % 5 == 0) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    got.write(b);
                } else {
                    int n = in.read(block, k % 3, block.length - k % 3);
                    if (n < 0) {
                        break;
                    }
                    got.write(block, k % 3, n);
                }
            }
            return new Outcome(got.toByteArray(), null, null);
        } catch (IOException e) {
            return new Outcome(got.toByteArray(), e.getClass(), e.getMessage());
        }
    }

    private static void assertSame(Outcome ahead, Outcome expected) {
        assertThat(ahead.failure()).isEqualTo(expected.failure());
        assertThat(ahead.message()).isEqualTo(expected.message());
        assertThat(ahead.bytes()).isEqualTo(expected.bytes());
    }

    private static Outcome plain(byte[] gz) {
        try {
            return drain(new GZIPInputStream(new ByteArrayInputStream(gz)));
        } catch (IOException e) {
            throw new AssertionError("the gzip header is intact in these tests", e);
        }
    }

    private static boolean alive(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("trace inflater " + name));
    }

    @Test
    void givesTheBytesAPlainGzipStreamGives() throws IOException {
        byte[] content = content();
        Outcome ahead = drain(ahead(gzip(content), "whole"));
        assertThat(ahead.failure()).isNull();
        assertThat(ahead.bytes()).isEqualTo(content);
        assertThat(alive("whole")).isFalse();
    }

    @Test
    void aTruncatedFileFailsAfterTheSameBytesWithTheSameException() throws IOException {
        byte[] gz = gzip(content());
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        Outcome expected = plain(cut);
        assertThat(expected.failure()).isNotNull();
        Outcome ahead = drain(ahead(cut, "cut"));
        assertSame(ahead, expected);
        assertThat(ahead.bytes().length).isGreaterThan(CHUNK_BYTES * CHUNKS);
    }

    /**
     * A corrupt byte in the deflate data: the same exception. How many bytes come before it depends on
     * the read sizes (zlib drops what it decoded in the call that finds the error), so they agree as far
     * as both go. A corrupt checksum in the trailer: every byte, then the same exception.
     */
    @Test
    void aCorruptByteFailsWithTheSameException() throws IOException {
        byte[] gz = gzip(content());
        for (int at : new int[] {gz.length / 4, gz.length / 2}) {
            byte[] bad = corruptAt(gz, at);
            Outcome expected = plain(bad);
            assertThat(expected.failure()).as("flipped byte %d", at).isNotNull();
            Outcome ahead = drain(ahead(bad, "corrupt"));
            assertThat(ahead.failure()).isEqualTo(expected.failure());
            assertThat(ahead.message()).isEqualTo(expected.message());
            int common = Math.min(ahead.bytes().length, expected.bytes().length);
            assertThat(Arrays.copyOf(ahead.bytes(), common)).isEqualTo(Arrays.copyOf(expected.bytes(), common));
            assertThat(alive("corrupt")).isFalse();
        }
        Outcome trailer = drain(ahead(corruptAt(gz, gz.length - 6), "trailer"));
        assertSame(trailer, plain(corruptAt(gz, gz.length - 6)));
        assertThat(trailer.bytes()).isEqualTo(content());
    }

    private static byte[] corruptAt(byte[] gz, int at) {
        byte[] bad = gz.clone();
        bad[at] ^= 0x5a;
        return bad;
    }

    /** A reader that stops early: the inflater, waiting for a free chunk, ends and the source is closed. */
    @Test
    void closingBeforeTheEndStopsTheInflaterAndClosesTheSource() throws IOException {
        ClosingProbe source = new ClosingProbe(new ByteArrayInputStream(gzip(content())));
        InflateAhead ahead = InflateAhead.start(new GZIPInputStream(source), "early", CHUNK_BYTES, CHUNKS);
        assertThat(ahead.read(new byte[10])).isEqualTo(10);
        assertThat(alive("early")).isTrue();
        ahead.close();
        assertThat(alive("early")).isFalse();
        assertThat(source.closed).isTrue();
        ahead.close();
    }

    /** The parsing thread is interrupted to stop, then closes its stream: the close still waits for the inflater. */
    @Test
    void closingOnAnInterruptedThreadStillEndsTheInflaterAndKeepsTheInterrupt() throws IOException {
        InflateAhead ahead = ahead(gzip(content()), "interrupted");
        Thread.currentThread().interrupt();
        try {
            ahead.close();
            assertThat(alive("interrupted")).isFalse();
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
    }

    /** A source that never delivers: the reader can be interrupted out of its wait, and close still ends all. */
    @Test
    @Timeout(30)
    void aReaderWaitingOnAStuckSourceCanBeInterruptedAndClosed() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        InputStream stuck = new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException("stuck source interrupted");
                }
                return -1;
            }
        };
        InflateAhead ahead = InflateAhead.start(stuck, "stuck", CHUNK_BYTES, CHUNKS);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                ahead.read();
            } catch (IOException e) {
                seen.set(e);
            }
        });
        while (reader.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        reader.interrupt();
        reader.join();
        assertThat(seen.get()).isInstanceOf(InterruptedIOException.class);
        ahead.close();
        assertThat(alive("stuck")).isFalse();
        assertThatThrownBy(ahead::read).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    private static final class ClosingProbe extends FilterInputStream {
        volatile boolean closed;

        ClosingProbe(InputStream in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }
}
