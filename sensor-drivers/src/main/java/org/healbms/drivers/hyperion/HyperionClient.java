package org.healbms.drivers.hyperion;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.healbms.drivers.bus.BusException;

/**
 * A Luna/Micron Optics Hyperion si155-class FBG interrogator over TCP: commands on the command port
 * (51971 on the instrument) and the continuous peak stream (51972). One connection per port is kept
 * open; any I/O failure closes it and the next call reconnects, so a dropped link costs the calls
 * made while it was down and nothing after. Every wait is bounded by the timeout.
 */
public final class HyperionClient implements AutoCloseable {

    public static final int COMMAND_PORT = 51971;
    public static final int PEAK_STREAM_PORT = 51972;

    private final String host;
    private final int commandPort;
    private final int streamPort;
    private final int timeoutMs;
    private final String name;
    private Socket command;
    private Socket stream;

    public HyperionClient(String host, int commandPort, int streamPort, Duration timeout) {
        this.host = host;
        this.commandPort = commandPort;
        this.streamPort = streamPort;
        this.timeoutMs = (int) timeout.toMillis();
        this.name = "hyperion@" + host + ":" + commandPort;
    }

    public String name() {
        return name;
    }

    /** Sends a command and returns its response; a non-zero status is a BusException with the instrument's message. */
    public synchronized HyperionProtocol.Response command(String cmd, String arguments) throws BusException {
        try {
            if (command == null) {
                command = connect(commandPort);
            }
            command.getOutputStream().write(HyperionProtocol.request(cmd, arguments));
            command.getOutputStream().flush();
            HyperionProtocol.Response r = HyperionProtocol.readResponse(command.getInputStream(), name);
            if (r.status() != 0) {
                throw new BusException(name + ": " + cmd + " failed with status " + r.status() + ": " + r.message());
            }
            return r;
        } catch (BusException e) {
            if (!e.getMessage().contains(" failed with status ")) {
                closeQuietly(command);
                command = null;
            }
            throw e;
        } catch (SocketTimeoutException e) {
            closeQuietly(command);
            command = null;
            throw new BusException(name + ": no answer to " + cmd + " within " + timeoutMs + " ms", e);
        } catch (IOException e) {
            closeQuietly(command);
            command = null;
            throw new BusException(name + ": " + cmd + ": " + e.getMessage(), e);
        }
    }

    public PeakFrame peaks() throws BusException {
        return HyperionProtocol.decodePeaks(command("#GetPeaks", "").content(), name);
    }

    public String serialNumber() throws BusException {
        return new String(command("#GetSerialNumber", "").content(), StandardCharsets.US_ASCII).trim();
    }

    /** The instrument's ready flag: a non-zero first content byte (fact sheet: unconfirmed). */
    public boolean isReady() throws BusException {
        byte[] c = command("#isready", "").content();
        return c.length > 0 && c[0] != 0;
    }

    /** Number of fibre channels, a little-endian u32 in the content (fact sheet: unconfirmed). */
    public int channelCount() throws BusException {
        byte[] c = command("#GetDutChannelCount", "").content();
        if (c.length < 4) {
            throw new BusException(name + ": #GetDutChannelCount content is " + c.length + " bytes, not 4");
        }
        return ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /** The next frame of the peak stream; after a drop, reconnects once before giving up. */
    public synchronized PeakFrame nextStreamedPeaks() throws BusException {
        for (int attempt = 0; ; attempt++) {
            try {
                if (stream == null) {
                    stream = connect(streamPort);
                }
                InputStream in = stream.getInputStream();
                return HyperionProtocol.readPeakFrame(in, name);
            } catch (IOException e) {
                closeQuietly(stream);
                stream = null;
                boolean dropped = !(e instanceof BusException) || e.getMessage().contains("connection closed");
                if (attempt >= 1 || !dropped) {
                    throw e instanceof BusException b
                            ? b
                            : new BusException(name + ": peak stream: " + e.getMessage(), e);
                }
            }
        }
    }

    private Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), timeoutMs);
        s.setSoTimeout(timeoutMs);
        s.setTcpNoDelay(true);
        return s;
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Already broken; nothing more to release.
            }
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly(command);
        closeQuietly(stream);
        command = null;
        stream = null;
    }
}
