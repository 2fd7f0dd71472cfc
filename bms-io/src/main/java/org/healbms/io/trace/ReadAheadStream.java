package org.healbms.io.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads its source on a thread of its own, a bounded number of chunks ahead of the reader: a gzip
 * trace is inflated on one core while the rows are parsed and replayed on another, instead of the
 * two taking turns. Memory is bounded by {@code depth} chunks. A read error of the source reaches
 * the reader as the same exception, after every byte read before it.
 */
final class ReadAheadStream extends InputStream {

    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks;
    private final Thread pump;
    private volatile boolean closed;
    private volatile IOException failure;
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    ReadAheadStream(InputStream source, int chunkBytes, int depth, String name) {
        chunks = new ArrayBlockingQueue<>(depth);
        // A daemon: a reader that never closes the stream must not keep the JVM alive.
        pump = Thread.ofPlatform().daemon().name("read-ahead " + name).start(() -> pump(source, chunkBytes));
    }

    private void pump(InputStream source, int chunkBytes) {
        try (source) {
            boolean more = true;
            while (more && !closed) {
                byte[] chunk = new byte[chunkBytes];
                int n = 0;
                try {
                    while (n < chunkBytes) {
                        int r = source.read(chunk, n, chunkBytes - n);
                        if (r < 0) {
                            more = false;
                            break;
                        }
                        n += r;
                    }
                } catch (IOException e) {
                    // The bytes before the error still reach the reader, so it can say which row was the last whole one.
                    failure = e;
                    more = false;
                }
                if (n > 0 && !hand(n == chunkBytes ? chunk : Arrays.copyOf(chunk, n))) {
                    return;
                }
            }
        } catch (IOException e) {
            // Closing the source failed: everything was read, nothing is lost.
        }
        hand(END);
    }

    /** Queues a chunk; false when the reader closed the stream meanwhile (nobody will take it). */
    private boolean hand(byte[] chunk) {
        try {
            while (!closed) {
                if (chunks.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** True when there is a byte to read; false at the end. */
    private boolean fill() throws IOException {
        while (position == current.length) {
            if (ended) {
                return false;
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the trace's next bytes");
            }
            position = 0;
            if (current == END) {
                ended = true;
                if (failure != null) {
                    throw failure;
                }
                return false;
            }
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        return fill() ? current[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public void close() {
        closed = true;
        pump.interrupt();
        chunks.clear();
    }
}
