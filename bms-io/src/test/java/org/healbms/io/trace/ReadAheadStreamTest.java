package org.healbms.io.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ReadAheadStreamTest {

    @Test
    void deliversEveryByteInOrderAcrossChunkBoundaries() throws IOException {
        byte[] data = new byte[100_003];
        new Random(7).nextBytes(data);
        try (ReadAheadStream in = new ReadAheadStream(new ByteArrayInputStream(data), 4096, 3, "test")) {
            byte[] back = new byte[data.length];
            int at = 0;
            // Mixed reads: single bytes and odd-sized blocks.
            while (at < data.length) {
                if (at % 7 == 0) {
                    back[at++] = (byte) in.read();
                } else {
                    int n = in.read(back, at, Math.min(1234, data.length - at));
                    assertThat(n).isPositive();
                    at += n;
                }
            }
            assertThat(back).isEqualTo(data);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
        }
    }

    @Test
    void aReadErrorArrivesAsTheSameExceptionAfterTheBytesBeforeIt() throws IOException {
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(new byte[10_000]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new EOFException("Unexpected end of ZLIB input stream");
            }
        });
        try (ReadAheadStream in = new ReadAheadStream(failing, 4096, 2, "test")) {
            assertThat(in.readNBytes(10_000)).hasSize(10_000);
            assertThatThrownBy(in::read).isInstanceOf(EOFException.class).hasMessageContaining("ZLIB");
        }
    }

    @Test
    @Timeout(5)
    void closingBeforeTheEndStopsTheReaderThreadOfAnEndlessSource() throws Exception {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 1;
            }
        };
        ReadAheadStream in = new ReadAheadStream(endless, 1024, 2, "endless");
        assertThat(in.read()).isEqualTo(1);
        in.close();
        Thread pump = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("read-ahead endless"))
                .findFirst()
                .orElse(null);
        if (pump != null) {
            pump.join(2000);
            assertThat(pump.isAlive()).isFalse();
        }
    }
}
