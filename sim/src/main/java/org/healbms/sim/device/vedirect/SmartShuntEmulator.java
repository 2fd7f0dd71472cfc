package org.healbms.sim.device.vedirect;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.healbms.drivers.bus.SerialLink;

/**
 * A Victron SmartShunt on a VE.Direct line: it counts the charge of the current it is given and
 * sends text-protocol blocks (live values, then history, as the real one alternates) with correct
 * checksums. Faults for the tests: line noise between bytes, a corrupted block, interleaved HEX
 * frames. Reads time out like a serial port in semi-blocking mode.
 */
public final class SmartShuntEmulator implements SerialLink {

    private final String port;
    private final double capacityAh;
    private final long readTimeoutMs;
    private final BlockingQueue<Byte> line = new LinkedBlockingQueue<>();

    private double voltageV = 12.8;
    private double currentA;
    private double temperatureDegC = Double.NaN;
    private double consumedAh;
    private boolean corruptNext;
    private long blocksSent;
    private Thread transmitter;

    public SmartShuntEmulator(String port, double capacityAh, long readTimeoutMs) {
        this.port = port;
        this.capacityAh = capacityAh;
        this.readTimeoutMs = readTimeoutMs;
    }

    public synchronized void set(double voltage, double current, double temperature) {
        this.voltageV = voltage;
        this.currentA = current;
        this.temperatureDegC = temperature;
    }

    /** Counts charge as the shunt does, over {@code seconds} at the present current. */
    public synchronized void advance(double seconds) {
        consumedAh = Math.min(0.0, consumedAh + currentA * seconds / 3600.0);
    }

    /** Sends the next block: live values on even blocks, history on odd ones. */
    public synchronized void sendBlock() {
        String fields = blocksSent % 2 == 0 ? live() : history();
        byte[] block = withChecksum(fields);
        if (corruptNext) {
            block[block.length / 2] ^= 0x10;
            corruptNext = false;
        }
        for (byte b : block) {
            line.add(b);
        }
        blocksSent++;
    }

    private String live() {
        double soc = Math.clamp(1.0 + consumedAh / capacityAh, 0.0, 1.0);
        double ttg = currentA < 0 ? (capacityAh + consumedAh) / -currentA * 60.0 : -1;
        StringBuilder s = new StringBuilder();
        s.append("\r\nPID\t0xA389");
        s.append("\r\nV\t").append(Math.round(voltageV * 1000));
        s.append("\r\nI\t").append(Math.round(currentA * 1000));
        s.append("\r\nP\t").append(Math.round(voltageV * currentA));
        s.append("\r\nCE\t").append(Math.round(consumedAh * 1000));
        s.append("\r\nSOC\t").append(Math.round(soc * 1000));
        s.append("\r\nTTG\t").append(Math.round(ttg));
        if (Double.isFinite(temperatureDegC)) {
            s.append("\r\nT\t").append(Math.round(temperatureDegC));
        }
        s.append("\r\nAlarm\tOFF\r\nAR\t0\r\nBMV\tSmartShunt 500A/50mV\r\nFW\t0405");
        return s.toString();
    }

    private String history() {
        return "\r\nH1\t" + Math.round(consumedAh * 1000) + "\r\nH2\t" + Math.round(consumedAh * 1000) + "\r\nH7\t"
                + Math.round(voltageV * 1000) + "\r\nH8\t" + Math.round(voltageV * 1000);
    }

    static byte[] withChecksum(String fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((fields + "\r\nChecksum\t").getBytes(StandardCharsets.ISO_8859_1));
        int sum = 0;
        for (byte b : out.toByteArray()) {
            sum += b & 0xFF;
        }
        out.write((256 - (sum & 0xFF)) & 0xFF);
        return out.toByteArray();
    }

    /** Line noise: these bytes arrive before the next block. */
    public synchronized void injectNoise(byte[] noise) {
        for (byte b : noise) {
            line.add(b);
        }
    }

    /** The next block is sent with one bit flipped. */
    public synchronized void corruptNextBlock() {
        corruptNext = true;
    }

    /** A HEX-protocol frame (a reply to some other tool's ping) lands on the line. */
    public synchronized void sendHexFrame() {
        injectNoise(":A0102000543\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Sends a block every {@code periodMs} of wall time on a virtual thread, counting charge as it goes. */
    public synchronized void startTransmitting(long periodMs) {
        if (transmitter != null) {
            return;
        }
        transmitter = Thread.ofVirtual().name("smartshunt-" + port).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(periodMs);
                } catch (InterruptedException e) {
                    return;
                }
                advance(periodMs / 1000.0);
                sendBlock();
            }
        });
    }

    @Override
    public String name() {
        return port;
    }

    @Override
    public InputStream input() {
        return new InputStream() {
            @Override
            public int read() throws InterruptedIOException {
                try {
                    Byte b = line.poll(readTimeoutMs, TimeUnit.MILLISECONDS);
                    if (b == null) {
                        throw new InterruptedIOException(port + ": read timed out");
                    }
                    return b & 0xFF;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException(port + ": interrupted");
                }
            }
        };
    }

    @Override
    public OutputStream output() {
        // The text protocol is one-way; what the host writes (HEX commands) is not modelled.
        return OutputStream.nullOutputStream();
    }

    @Override
    public synchronized void close() {
        if (transmitter != null) {
            transmitter.interrupt();
            transmitter = null;
        }
    }
}
