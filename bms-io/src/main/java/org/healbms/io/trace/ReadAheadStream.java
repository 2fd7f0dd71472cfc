package org.healbms.io.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads its source on a thread of its own, a bounded number of chunks ahead of the reader: a gzip
 * trace is inflated on one core while the rows are parsed and replayed on another, instead of the
 * two taking turns. The chunks are allocated once and handed back and forth, so a long trace costs
 * no garbage and memory is bounded by {@code depth} chunks. A read error of the source reaches the
 * reader as the same exception, after every byte read before it.
 */
final class ReadAheadStream extends InputStream {

    /** A buffer and how much of it holds data. */
    private static final class Chunk {
        final byte[] bytes;
        int length;

        Chunk(int size) {
            bytes = new byte[size];
        }
    }

    /** Handed over after the last data chunk (and after a read error). */
    private static final Chunk END = new Chunk(0);

    private final BlockingQueue<Chunk> full;
    private final BlockingQueue<Chunk> free;
    private final Thread pump;
    private volatile boolean closed;
    private volatile IOException failure;
    private Chunk current;
    private int position;
    private boolean ended;

    ReadAheadStream(InputStream source, int chunkBytes, int depth, String name) {
        full = new ArrayBlockingQueue<>(depth + 1);
        free = new ArrayBlockingQueue<>(depth + 1);
        // A daemon: a reader that never closes the stream must not keep the JVM alive.
        pump = Thread.ofPlatform().daemon().name("read-ahead " + name).start(() -> pump(source, chunkBytes, depth));
    }

    private void pump(InputStream source, int chunkBytes, int depth) {
        try (source) {
            boolean more = true;
            int allocated = 0;
            while (more) {
                // Chunks are made as the reader falls behind, up to the depth: a short trace needs one or two.
                Chunk chunk = free.poll();
                if (chunk == null && allocated < depth) {
                    chunk = new Chunk(chunkBytes);
                    allocated++;
                } else if (chunk == null) {
                    chunk = take(free);
                }
                if (chunk == null) {
                    return;
                }
                int n = 0;
                try {
                    while (n < chunk.bytes.length) {
                        int r = source.read(chunk.bytes, n, chunk.bytes.length - n);
                        if (r < 0) {
                            more = false;
                            break;
                        }
                        n += r;
                    }
                } catch (IOException e) {
                    // The bytes before the error still reach the reader, so it can say which row was the last whole
                    // one.
                    failure = e;
                    more = false;
                }
                chunk.length = n;
                if (n > 0 && !hand(chunk)) {
                    return;
                }
            }
        } catch (IOException e) {
            // Closing the source failed: everything was read, nothing is lost.
        }
        hand(END);
    }

    /** The next free chunk, or null once the reader has closed the stream. */
    private Chunk take(BlockingQueue<Chunk> queue) {
        try {
            while (!closed) {
                Chunk c = queue.poll(50, TimeUnit.MILLISECONDS);
                if (c != null) {
                    return c;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** Queues a chunk for the reader; false when the reader closed the stream meanwhile. */
    private boolean hand(Chunk chunk) {
        try {
            while (!closed) {
                if (full.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
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
        while (current == null || position == current.length) {
            if (ended) {
                return false;
            }
            if (current != null) {
                free.add(current);
            }
            try {
                current = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                current = null;
                throw new InterruptedIOException("interrupted while waiting for the trace's next bytes");
            }
            position = 0;
            if (current == END) {
                ended = true;
                current = null;
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
        return fill() ? current.bytes[position++] & 0xFF : -1;
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
        System.arraycopy(current.bytes, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public void close() {
        closed = true;
        pump.interrupt();
        full.clear();
    }
}
