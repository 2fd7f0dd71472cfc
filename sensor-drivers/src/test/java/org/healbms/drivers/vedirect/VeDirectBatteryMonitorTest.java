package org.healbms.drivers.vedirect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.healbms.drivers.vedirect.VeDirectTextDecoderTest.HISTORY;
import static org.healbms.drivers.vedirect.VeDirectTextDecoderTest.LIVE;
import static org.healbms.drivers.vedirect.VeDirectTextDecoderTest.ascii;
import static org.healbms.drivers.vedirect.VeDirectTextDecoderTest.concat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.SerialLink;
import org.junit.jupiter.api.Test;

class VeDirectBatteryMonitorTest {

    /** A serial line that plays bytes, then times out as a quiet port does (and time moves on). */
    private static final class RecordedLine implements SerialLink {
        final ByteArrayInputStream bytes;
        final AtomicLong clock;

        RecordedLine(byte[] data, AtomicLong clock) {
            this.bytes = new ByteArrayInputStream(data);
            this.clock = clock;
        }

        @Override
        public String name() {
            return "/dev/ttyUSB0";
        }

        @Override
        public InputStream input() {
            return new InputStream() {
                @Override
                public int read() throws InterruptedIOException {
                    clock.addAndGet(520_000); // one byte at 19200 8N1
                    int b = bytes.read();
                    if (b < 0) {
                        clock.addAndGet(200_000_000);
                        throw new InterruptedIOException("read timed out");
                    }
                    return b;
                }
            };
        }

        @Override
        public OutputStream output() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public void close() {}
    }

    static byte[] block(String fields) {
        byte[] body = ascii(fields + "\r\nChecksum\t");
        int sum = 0;
        for (byte b : body) {
            sum += b & 0xFF;
        }
        return concat(body, new byte[] {(byte) (256 - (sum & 0xFF))});
    }

    @Test
    void readsTheLiveValuesInSiUnits() throws Exception {
        AtomicLong clock = new AtomicLong();
        byte[] discharging = block("\r\nPID\t0xA389\r\nV\t51234\r\nI\t-12500\r\nP\t-640\r\nCE\t-20350\r\nSOC\t876"
                + "\r\nTTG\t455\r\nT\t23\r\nAlarm\tON\r\nAR\t5\r\nBMV\tSmartShunt 500A/50mV\r\nFW\t0405");
        VeDirectBatteryMonitor monitor =
                new VeDirectBatteryMonitor(new RecordedLine(concat(HISTORY, discharging), clock), clock::get);
        BatteryMonitorReading r = monitor.read(Duration.ofSeconds(3));
        assertThat(r.voltageV()).isEqualTo(51.234);
        assertThat(r.currentA()).isEqualTo(-12.5);
        assertThat(r.powerW()).isEqualTo(-640);
        assertThat(r.consumedAh()).isEqualTo(-20.35);
        assertThat(r.soc()).isEqualTo(0.876);
        assertThat(r.timeToGoMin()).isEqualTo(455);
        assertThat(r.temperatureDegC()).isEqualTo(23);
        assertThat(r.alarm()).isTrue();
        assertThat(r.alarmReasons())
                .containsExactlyInAnyOrder(
                        BatteryMonitorReading.AlarmReason.LOW_VOLTAGE, BatteryMonitorReading.AlarmReason.LOW_SOC);
        assertThat(r.product()).isEqualTo("SmartShunt 500A/50mV");
    }

    @Test
    void theCapturedIdleBlockReadsFullAndNoTemperature() throws Exception {
        AtomicLong clock = new AtomicLong();
        BatteryMonitorReading r =
                new VeDirectBatteryMonitor(new RecordedLine(LIVE, clock), clock::get).read(Duration.ofSeconds(3));
        assertThat(r.voltageV()).isEqualTo(12.865);
        assertThat(r.currentA()).isZero();
        assertThat(r.soc()).isEqualTo(1.0);
        assertThat(r.timeToGoMin()).isInfinite();
        assertThat(r.temperatureDegC()).isNaN();
        assertThat(r.alarm()).isFalse();
    }

    @Test
    void aSilentOrNoisyLineIsABusFaultAfterTheTimeout() {
        AtomicLong clock = new AtomicLong();
        byte[] onlyBad = LIVE.clone();
        onlyBad[10] ^= 0x01;
        VeDirectBatteryMonitor monitor = new VeDirectBatteryMonitor(new RecordedLine(onlyBad, clock), clock::get);
        assertThatThrownBy(() -> monitor.read(Duration.ofSeconds(3)))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("/dev/ttyUSB0")
                .hasMessageContaining("no valid VE.Direct block within 3000 ms")
                .hasMessageContaining("1 blocks failed their checksum");
    }

    @Test
    void aNonNumberInAValidBlockIsAFaultNotAValue() {
        AtomicLong clock = new AtomicLong();
        byte[] odd = block("\r\nV\t12x65\r\nI\t0");
        VeDirectBatteryMonitor monitor = new VeDirectBatteryMonitor(new RecordedLine(odd, clock), clock::get);
        assertThatThrownBy(() -> monitor.read(Duration.ofSeconds(3)))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("field V is not a number: '12x65'");
    }
}
