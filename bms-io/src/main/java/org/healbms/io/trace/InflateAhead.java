package org.healbms.io.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;

/**
 * Inflates a gzip trace on a thread of its own, a bounded number of chunks ahead of the parser, which
 * reads the inflated bytes through this stream. Inflating costs about as much as parsing; done on the
 * parsing thread, the two took turns on one core and set the pace of a replay.
 *
 * <p>A fixed ring of chunks goes back and forth between the two threads, so a long trace costs no
 * garbage and at most {@code chunks * chunkBytes} inflated bytes wait in memory. The ring is guarded
 * by this object's monitor: waiting on it allocates nothing, where a {@code BlockingQueue}'s condition
 * allocates a node per wait.
 *
 * <p>A problem inflating (a truncated or corrupt file, a failed read) reaches the reader after every
 * byte inflated before it, as the very exception the source threw, so the reader tells the user the
 * same as it would reading the source itself. Closing stops the inflating thread and closes the
 * source; both are done when {@link #close()} returns.
 */
final class InflateAhead extends InputStream {

    private final InputStream source;
    private final byte[][] chunks;
    private final int[] lengths;
    private final Thread inflater;

    // Guarded by this: chunks handed to the reader and chunks it has read, counted from the start,
    // so slot = count % chunks.length.
    private long filled;
    private long taken;
    private boolean ended;
    private Throwable failure;
    private boolean closed;

    // The reader's thread only: the chunk being read.
    private byte[] current;
    private int position;
    private int limit;

    private InflateAhead(InputStream source, String name, int chunkBytes, int chunks) {
        this.source = source;
        this.chunks = new byte[chunks][chunkBytes];
        this.lengths = new int[chunks];
        // A daemon: a reader that is never closed must not keep the JVM alive.
        inflater = Thread.ofPlatform().daemon().name("trace inflater " + name).unstarted(this::inflate);
    }

    /**
     * Starts inflating; from here on {@code source} belongs to the inflating thread.
     *
     * @param source a stream that inflates as it is read (a {@code GZIPInputStream} past its header)
     * @param name   what the inflating thread is called, to tell it apart
     */
    static InflateAhead start(InputStream source, String name, int chunkBytes, int chunks) {
        InflateAhead ahead = new InflateAhead(source, name, chunkBytes, chunks);
        ahead.inflater.start();
        return ahead;
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !advance()) {
            return -1;
        }
        return current[position++] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, into.length);
        if (length == 0) {
            return 0;
        }
        if (position == limit && !advance()) {
            return -1;
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(current, position, into, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return limit - position;
    }

    /** Hands the chunk just read back and waits for the next; false at the end of the stream. */
    private synchronized boolean advance() throws IOException {
        if (current != null) {
            current = null;
            taken++;
            notifyAll();
        }
        while (closed || filled == taken) {
            if (closed) {
                throw new IOException("the trace was closed");
            }
            if (failure != null) {
                throw rethrown(failure);
            }
            if (ended) {
                return false;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                // Kept set: the reader's owner interrupted it to stop, and whatever waits next should see that.
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for inflated bytes");
            }
        }
        int slot = (int) (taken % chunks.length);
        current = chunks[slot];
        position = 0;
        limit = lengths[slot];
        return true;
    }

    /** The source's own exception, thrown on the reader's thread (its stack trace is the inflater's). */
    private static IOException rethrown(Throwable failure) {
        return switch (failure) {
            case IOException e -> e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> new IOException(failure);
        };
    }

    private void inflate() {
        try (source) {
            boolean more = true;
            while (more) {
                int slot = freeSlot();
                if (slot < 0) {
                    return;
                }
                byte[] chunk = chunks[slot];
                int length = 0;
                int n = 0;
                Throwable problem = null;
                try {
                    while (length < chunk.length && (n = source.read(chunk, length, chunk.length - length)) >= 0) {
                        length += n;
                    }
                } catch (IOException | RuntimeException | Error e) {
                    problem = e;
                }
                more = n >= 0 && problem == null;
                hand(slot, length, !more, problem);
            }
        } catch (IOException e) {
            // Closing the source failed: every byte was read, nothing is lost.
        }
    }

    /** The slot of a chunk the reader is done with, or -1 once it closed the stream. */
    private synchronized int freeSlot() {
        while (!closed && filled - taken == chunks.length) {
            try {
                wait();
            } catch (InterruptedException e) {
                // Only close() interrupts this thread, and it has set closed.
                return -1;
            }
        }
        return closed ? -1 : (int) (filled % chunks.length);
    }

    /** Publishes a filled chunk (if it holds any bytes), then the end or the problem that ended inflating. */
    private synchronized void hand(int slot, int length, boolean end, Throwable problem) {
        if (length > 0) {
            lengths[slot] = length;
            filled++;
        }
        if (end) {
            failure = problem;
            ended = problem == null;
        }
        notifyAll();
    }

    /** Stops the inflating thread and closes the source; both are done when this returns. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
        }
        // Wakes the inflater from a wait, or from a read of the file (an interrupted file channel closes).
        inflater.interrupt();
        boolean interrupted = false;
        while (true) {
            try {
                inflater.join();
                break;
            } catch (InterruptedException e) {
                // The caller may itself have been interrupted to stop (RowReadAhead's close does that):
                // waiting here is short, and leaving the inflater behind would leak it and the file.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
