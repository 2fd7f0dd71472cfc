package org.healbms.firmware.can;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.healbms.core.protection.CellLimits;
import org.healbms.core.protection.FaultId;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.BusPlatform;
import org.healbms.drivers.bus.CanBus;
import org.healbms.drivers.bus.CanFrame;
import org.healbms.drivers.canbms.BmsCanDecoder;
import org.healbms.drivers.canbms.BmsCanEncoder;
import org.healbms.drivers.canbms.BmsCanMessage;
import org.healbms.drivers.canbms.BmsCanVariant;
import org.healbms.drivers.canbms.PackReport;

/**
 * The BMS's side of the CAN-bus BMS protocol, run from the control tick: the pack's frames once a
 * second (and at once when a current limit falls or charge or discharge is switched on or off, so a cut
 * or a healing pulse reaches the inverter without waiting for the second), the inverter's frames read,
 * and the link watched.
 *
 * <p>Nothing on the bus can hold the tick up or stop the firmware: a tick reads at most
 * {@link #MAX_FRAMES_PER_TICK} frames without waiting (a flood stays in the socket's buffer, where the
 * kernel drops what does not fit), a frame that is malformed or not the protocol's is counted and
 * ignored with a log line (at counts 1, 2, 4, 8, ... so a flood cannot fill the journal), and a send
 * that fails is counted. A bus-off node, or an interface that could not be opened, is restarted at
 * most once a second. While the bus is off, or the inverter's keep-alive is missing for the variant's
 * timeout, {@link #conditions()} holds {@link FaultId#INVERTER_LINK} for the diagnosis table.
 */
public final class CanReporter implements AutoCloseable {

    static final long PERIOD_NANOS = 1_000_000_000L;
    static final int MAX_FRAMES_PER_TICK = 32;
    static final long RESTART_INTERVAL_NANOS = 1_000_000_000L;
    /** A limit that falls by more than this is sent at once. */
    static final double FALL_A = 0.05;

    /** Opens the node; a failure is retried from the tick. */
    @FunctionalInterface
    public interface Opener {
        CanBus open() throws BusException;
    }

    private final String iface;
    private final Opener opener;
    private final BmsCanEncoder encoder;
    private final BmsCanDecoder decoder = new BmsCanDecoder();
    private final CellLimits cellLimits;
    private final int cells;
    private final double ratedAh;
    private final Consumer<String> warn;
    private final long keepAliveTimeoutNanos;
    private CanBus bus;
    private long lastSentNanos = Long.MIN_VALUE;
    private long lastRestartNanos;
    private long lastKeepAliveNanos;
    private PackReport lastSent;
    private PackReport lastReport;
    private volatile boolean linkLost;
    private final CanStatistics stats = new CanStatistics();

    CanReporter(
            String iface,
            Opener opener,
            BmsCanVariant variant,
            CellLimits cellLimits,
            int cells,
            double ratedAh,
            Consumer<String> warn,
            long startNanos) {
        this.iface = iface;
        this.opener = opener;
        this.encoder = new BmsCanEncoder(variant);
        this.cellLimits = cellLimits;
        this.cells = cells;
        this.ratedAh = ratedAh;
        this.warn = warn;
        this.keepAliveTimeoutNanos =
                variant.keepAliveTimeout().map(Duration::toNanos).orElse(-1L);
        this.lastKeepAliveNanos = startNanos;
        this.lastRestartNanos = startNanos;
        try {
            bus = opener.open();
        } catch (BusException e) {
            warn.accept(e.getMessage() + "; INVERTER_LINK until it opens (retried every second)");
            linkLost = true;
        }
    }

    /** The reporter for the board's CAN interface; empty when the board has none. */
    public static Optional<CanReporter> open(
            BoardDescription board,
            BusPlatform platform,
            CellLimits cellLimits,
            double ratedAh,
            Consumer<String> warn,
            long startNanos) {
        BoardDescription.CanPort port = board.can();
        if (port == null) {
            return Optional.empty();
        }
        return Optional.of(new CanReporter(
                port.iface(),
                () -> platform.can(port.iface()),
                port.protocol(),
                cellLimits,
                board.cells(),
                ratedAh,
                warn,
                startNanos));
    }

    /** One control tick: read what came in, keep the node up, send the report when due. */
    public void tick(long nowNanos, PackFigures figures) {
        PackReport report =
                figures.report(cellLimits, cells, ratedAh, encoder.variant().manufacturer());
        lastReport = report;
        keepUp(nowNanos);
        read(nowNanos);
        boolean fell = lastSent != null
                && (report.chargeCurrentLimitA() < lastSent.chargeCurrentLimitA() - FALL_A
                        || report.dischargeCurrentLimitA() < lastSent.dischargeCurrentLimitA() - FALL_A);
        // Charge or discharge switched on or off (a healing pulse's start, a rest's end): news for now too.
        boolean switched = lastSent != null
                && (report.chargeEnable() != lastSent.chargeEnable()
                        || report.dischargeEnable() != lastSent.dischargeEnable());
        if (lastSentNanos == Long.MIN_VALUE || nowNanos - lastSentNanos >= PERIOD_NANOS || fell || switched) {
            send(report, nowNanos);
        }
        boolean keepAliveMissing = keepAliveTimeoutNanos >= 0 && nowNanos - lastKeepAliveNanos > keepAliveTimeoutNanos;
        boolean down = bus == null || bus.busOff();
        if ((down || keepAliveMissing) != linkLost) {
            warn.accept(iface + ": "
                    + (down || keepAliveMissing
                            ? "inverter link lost ("
                                    + (down
                                            ? "bus off"
                                            : "no keep-alive for " + keepAliveTimeoutNanos / 1_000_000_000L + " s")
                                    + ")"
                            : "inverter link back"));
        }
        linkLost = down || keepAliveMissing;
    }

    /**
     * The contactors are about to open: tell the inverter first (both limits 0, charge and discharge
     * disabled), so that it stops drawing before the contacts break the current.
     */
    public void stopInverter(long nowNanos) {
        PackReport r = lastReport;
        if (r == null || stopped(lastSent)) {
            return;
        }
        send(
                new PackReport(
                        r.chargeVoltageLimitV(),
                        0,
                        0,
                        r.dischargeVoltageLimitV(),
                        r.soc(),
                        r.soh(),
                        r.packVoltageV(),
                        r.packCurrentA(),
                        r.temperatureDegC(),
                        r.alarms(),
                        r.warnings(),
                        r.online(),
                        false,
                        false,
                        false,
                        r.manufacturer(),
                        r.firmwareVersion(),
                        r.capacityAh()),
                nowNanos);
    }

    private static boolean stopped(PackReport sent) {
        return sent != null
                && sent.chargeCurrentLimitA() == 0
                && sent.dischargeCurrentLimitA() == 0
                && !sent.chargeEnable()
                && !sent.dischargeEnable();
    }

    /** The runtime conditions for the diagnosis table: INVERTER_LINK while the link is lost. */
    public Set<FaultId> conditions() {
        return linkLost ? Set.of(FaultId.INVERTER_LINK) : Set.of();
    }

    public boolean linkLost() {
        return linkLost;
    }

    public CanStatistics statistics() {
        return stats;
    }

    private void keepUp(long nowNanos) {
        if ((bus != null && !bus.busOff()) || nowNanos - lastRestartNanos < RESTART_INTERVAL_NANOS) {
            return;
        }
        lastRestartNanos = nowNanos;
        stats.restarts++;
        try {
            if (bus == null) {
                bus = opener.open();
            } else {
                bus.restart();
            }
            warn.accept(iface + ": CAN node "
                    + (stats.restarts == 1 ? "restarted" : "restarted (" + stats.restarts + " restarts so far)"));
        } catch (BusException e) {
            if (isPowerOfTwo(stats.restarts)) {
                warn.accept(e.getMessage() + " (" + stats.restarts + " restarts tried so far)");
            }
        }
    }

    private void read(long nowNanos) {
        if (bus == null) {
            return;
        }
        for (int i = 0; i < MAX_FRAMES_PER_TICK; i++) {
            CanFrame f;
            try {
                f = bus.receive(Duration.ZERO);
            } catch (BusException e) {
                stats.receiveFailures++;
                if (isPowerOfTwo(stats.receiveFailures)) {
                    warn.accept(e.getMessage() + " (" + stats.receiveFailures + " so far)");
                }
                return;
            }
            if (f == null) {
                return;
            }
            stats.framesReceived++;
            switch (decoder.decode(f)) {
                case BmsCanMessage.InverterKeepAlive k -> lastKeepAliveNanos = nowNanos;
                case BmsCanMessage.Malformed m -> {
                    stats.malformed++;
                    if (isPowerOfTwo(stats.malformed)) {
                        warn.accept(iface + ": malformed frame " + f + " ignored: " + m.problem() + " ("
                                + stats.malformed + " so far)");
                    }
                }
                case BmsCanMessage.Unknown u -> {
                    stats.unknown++;
                    if (isPowerOfTwo(stats.unknown)) {
                        warn.accept(iface + ": frame " + f
                                + " ignored: id 0x%03X is not the BMS protocol's (%d so far)"
                                        .formatted(u.id(), stats.unknown));
                    }
                }
                default -> {
                    // Another BMS's report on the same bus: not ours to act on.
                    stats.foreign++;
                }
            }
        }
    }

    private void send(PackReport report, long nowNanos) {
        if (bus == null) {
            return;
        }
        List<CanFrame> frames = encoder.encode(report, nowNanos);
        int failed = 0;
        String failure = null;
        for (CanFrame f : frames) {
            try {
                bus.send(f);
                stats.framesSent++;
            } catch (BusException e) {
                failed++;
                failure = e.getMessage();
            }
        }
        lastSentNanos = nowNanos;
        if (failed > 0) {
            stats.sendFailures += failed;
            stats.failedReports++;
            if (isPowerOfTwo(stats.failedReports)) {
                warn.accept(failure + " (" + failed + " of " + frames.size() + " frames of this report, "
                        + stats.sendFailures + " so far)");
            }
        } else {
            lastSent = report;
        }
    }

    private static boolean isPowerOfTwo(long n) {
        return n > 0 && (n & (n - 1)) == 0;
    }

    @Override
    public void close() {
        if (bus != null) {
            try {
                bus.close();
            } catch (BusException e) {
                warn.accept(e.getMessage());
            }
        }
    }
}
