package org.healbms.drivers.bus;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A byte stream to a device on a serial line (or anything that behaves like one). Reads block at
 * most the link's read timeout and then throw {@link java.io.InterruptedIOException} or return -1,
 * so a protocol can resynchronise on its own framing rather than trust that every byte arrives.
 */
public interface SerialLink extends AutoCloseable {

    String name();

    InputStream input();

    OutputStream output();

    @Override
    void close() throws BusException;
}
