package org.healbms.sim.device.hyperion;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Hyperion si155-class interrogator on loopback TCP: a command port answering #GetPeaks,
 * #GetSerialNumber, #isready and #GetDutChannelCount in the instrument's framing, and a peak stream
 * port sending peak blocks at a fixed rate. Faults: an error status for the next command, a truncated
 * next block, every connection dropped.
 */
public final class HyperionEmulator implements AutoCloseable {

    private final ServerSocket commandServer;
    private final ServerSocket streamServer;
    private final long serial;
    /** The scan counter the peak header carries; it counts every scan, not the instrument. */
    private final AtomicLong scanSerial = new AtomicLong();

    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private volatile double[][] peaksNm;
    private volatile String failNext;
    private volatile boolean truncateNext;
    private volatile boolean closed;

    public HyperionEmulator(long serial, int channels, long streamPeriodMs) throws IOException {
        this.serial = serial;
        this.peaksNm = new double[channels][0];
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.commandServer = new ServerSocket(0, 8, loopback);
        this.streamServer = new ServerSocket(0, 8, loopback);
        Thread.ofVirtual().name("si155-command").start(() -> accept(commandServer, this::serveCommands));
        Thread.ofVirtual().name("si155-stream").start(() -> accept(streamServer, s -> serveStream(s, streamPeriodMs)));
    }

    public int commandPort() {
        return commandServer.getLocalPort();
    }

    public int streamPort() {
        return streamServer.getLocalPort();
    }

    /** The peaks each fibre channel shows now. */
    public void setPeaks(double[][] peaks) {
        double[][] copy = new double[peaks.length][];
        for (int c = 0; c < peaks.length; c++) {
            copy[c] = peaks[c].clone();
        }
        this.peaksNm = copy;
    }

    public void failNextCommand(String message) {
        this.failNext = message;
    }

    public void truncateNextBlock() {
        this.truncateNext = true;
    }

    public void dropConnections() {
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing is the fault being injected.
            }
        }
        connections.clear();
    }

    private interface Session {
        void run(Socket s) throws IOException;
    }

    private void accept(ServerSocket server, Session session) {
        while (!closed) {
            try {
                Socket s = server.accept();
                connections.add(s);
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        session.run(s);
                    } catch (IOException e) {
                        // The client went away or the link was dropped on purpose.
                    } finally {
                        connections.remove(s);
                    }
                });
            } catch (IOException e) {
                return; // server closed
            }
        }
    }

    private void serveCommands(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        while (true) {
            byte[] header = in.readNBytes(8);
            if (header.length < 8) {
                return;
            }
            ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            h.get();
            h.get();
            int cmdLength = h.getShort() & 0xFFFF;
            int argLength = h.getInt();
            String command = new String(in.readNBytes(cmdLength), StandardCharsets.US_ASCII);
            in.readNBytes(argLength);
            String failure = failNext;
            if (failure != null) {
                failNext = null;
                out.write(response(1, failure, new byte[0]));
                continue;
            }
            byte[] content = switch (command) {
                case "#GetPeaks" -> peakBlock();
                case "#GetSerialNumber" -> Long.toString(serial).getBytes(StandardCharsets.US_ASCII);
                case "#isready" -> new byte[] {1};
                case "#GetDutChannelCount" ->
                    ByteBuffer.allocate(4)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .putInt(peaksNm.length)
                            .array();
                default -> null;
            };
            out.write(
                    content == null
                            ? response(2, "unknown command " + command, new byte[0])
                            : response(0, "", content));
            out.flush();
        }
    }

    private void serveStream(Socket s, long periodMs) throws IOException {
        OutputStream out = s.getOutputStream();
        while (!closed) {
            byte[] block = response(0, "", peakBlock());
            if (truncateNext) {
                truncateNext = false;
                out.write(block, 0, block.length - 5);
                out.flush();
                s.close();
                return;
            }
            out.write(block);
            out.flush();
            try {
                Thread.sleep(periodMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private byte[] peakBlock() {
        double[][] peaks = peaksNm;
        int total = 0;
        for (double[] p : peaks) {
            total += p.length;
        }
        int headerLength = 24 + 2 * peaks.length;
        long now = System.currentTimeMillis();
        ByteBuffer b = ByteBuffer.allocate(headerLength + 8 * total).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) headerLength)
                .putShort((short) 1)
                .putInt(0)
                .putLong(scanSerial.incrementAndGet())
                .putInt((int) (now / 1000))
                .putInt((int) (now % 1000) * 1_000_000);
        for (double[] p : peaks) {
            b.putShort((short) p.length);
        }
        for (double[] p : peaks) {
            for (double w : p) {
                b.putDouble(w);
            }
        }
        return b.array();
    }

    private static byte[] response(int status, String message, byte[] content) {
        byte[] msg = message.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(8 + msg.length + content.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) status)
                .put((byte) 0)
                .putShort((short) msg.length)
                .putInt(content.length)
                .put(msg)
                .put(content);
        return b.array();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        commandServer.close();
        streamServer.close();
        dropConnections();
    }
}
