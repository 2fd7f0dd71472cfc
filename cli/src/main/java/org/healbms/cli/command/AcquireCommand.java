package org.healbms.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.MonotonicClock;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.drivers.acquisition.AcquisitionLoop;
import org.healbms.drivers.acquisition.DeviceHealth;
import org.healbms.drivers.acquisition.FrameListener;
import org.healbms.drivers.acquisition.LoopStatistics;
import org.healbms.drivers.acquisition.SampledDevice;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.drivers.board.BoardDevices;
import org.healbms.drivers.bus.BusPlatform;
import org.healbms.drivers.bus.DeviceClock;
import org.healbms.drivers.platform.BoardPlatform;
import org.healbms.drivers.platform.PlatformSettings;
import org.healbms.io.board.BoardFile;
import org.healbms.io.trace.FrameRecorder;
import org.healbms.sim.board.EmulatedBoardPlatformProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code healbms acquire}: runs the acquisition loop on a board for a while, optionally records the
 * frames as BDF, and reports how every device and the loop did.
 */
@Command(
        name = "acquire",
        mixinStandardHelpOptions = true,
        description = {
            "Run the acquisition loop on a board (emulated by default) and record what it reads.",
            "With platform: emulated, the chips are emulators measuring cells that replay --plant-trace",
            "(default: the bundled US06 trace)."
        })
public final class AcquireCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(
            names = "--board",
            paramLabel = "FILE",
            description = "board description (default: the bundled emulated 4-cell board)")
    Path board;

    @Option(
            names = "--duration",
            paramLabel = "S",
            defaultValue = "10",
            description = "seconds to run (default: ${DEFAULT-VALUE})")
    double durationS;

    @Option(
            names = "--record",
            paramLabel = "TRACE.bdf.csv",
            description = "record every frame to this BDF file (.gz to compress)")
    Path record;

    @Option(names = "--plant-trace", paramLabel = "TRACE", description = "cell trace the emulated cells follow")
    Path plantTrace;

    @Option(names = "--json", description = "print the summary as one JSON object on the last line of stdout")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!(durationS > 0) || !Double.isFinite(durationS)) {
            throw new IllegalArgumentException("--duration must be a positive number of seconds, got " + durationS);
        }
        Path scratch = Files.createTempDirectory("healbms-acquire");
        try {
            Path boardFile = board != null
                    ? board
                    : BundledFiles.extract(scratch, BundledFiles.BOARD, BundledFiles.EXAMPLE_BOARD);
            BoardDescription description = BoardFile.read(boardFile);
            return run(description, scratch);
        } finally {
            BundledFiles.deleteTree(scratch);
        }
    }

    private int run(BoardDescription description, Path scratch) throws Exception {
        // An emulated board's cells replay a trace: the bundled demo unless --plant-trace names one.
        Path trace = !description.platform().equals(EmulatedBoardPlatformProvider.NAME) || plantTrace != null
                ? plantTrace
                : BundledFiles.extract(scratch, BundledFiles.DEMO, BundledFiles.DEMO_TRACE);
        try (BoardPlatform board = BoardPlatform.open(description, new PlatformSettings(trace, false))) {
            BusPlatform platform = board.buses();
            List<SampledDevice> devices = BoardDevices.open(description, platform, DeviceClock.SYSTEM);
            AcquisitionLoop loop = new AcquisitionLoop(devices, description.tickPeriod(), MonotonicClock.SYSTEM);
            long start = System.nanoTime();
            board.advanceTo(0);
            // A simulated plant moves on at wall-clock pace; every frame first brings the emulators up to now.
            loop.addListener(frame -> board.advanceTo((frame.monotonicNanos() - start) / 1e9));
            LastFrame last = new LastFrame();
            loop.addListener(last);
            FrameRecorder recorder = record == null ? null : new FrameRecorder(record, loop.layout());
            // SIGTERM ends the loop after the tick in progress; the recording is then committed and the
            // summary printed as after --duration, while the hook holds the JVM open for it.
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(
                    () -> {
                        loop.stop();
                        try {
                            finished.await(5, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "healbms-acquire-sigterm");
            Runtime.getRuntime().addShutdownHook(hook);
            try (recorder) {
                if (recorder != null) {
                    loop.addListener(recorder);
                }
                LoopStatistics stats = loop.runRealTime(Duration.ofNanos((long) (durationS * 1e9)));
                if (recorder != null) {
                    recorder.commit();
                }
                print(System.out, description, loop, stats, last.frame, recorder);
                System.out.flush();
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // Already shutting down (SIGTERM): the hook is running and has been released.
                }
            }
        }
        return 0;
    }

    private static final class LastFrame implements FrameListener {
        ReadingFrame frame;

        @Override
        public void onFrame(ReadingFrame f) {
            frame = f;
        }
    }

    private void print(
            PrintStream out,
            BoardDescription description,
            AcquisitionLoop loop,
            LoopStatistics stats,
            ReadingFrame last,
            FrameRecorder recorder)
            throws IOException {
        out.printf(
                "board %s (%s): %d frames at %d ms, %d deadline misses (worst lateness %.1f ms)%n",
                description.name(),
                description.platform(),
                stats.ticks(),
                description.tickPeriod().toMillis(),
                stats.deadlineMisses(),
                stats.worstLatenessNanos() / 1e6);
        for (DeviceHealth h : loop.deviceHealth()) {
            out.printf(
                    "  %-14s %6d samples, %4d failed%s%n",
                    h.deviceId(),
                    h.attempts(),
                    h.failures(),
                    h.lastError() == null ? "" : "; now failing: " + h.lastError());
        }
        if (last != null) {
            out.println("last frame:");
            List<Channel> layout = last.layout();
            for (int c = 0; c < layout.size(); c++) {
                out.printf(
                        "  %-24s %12.5f %-5s %s%n",
                        layout.get(c).name(),
                        last.value(c),
                        layout.get(c).kind().unit(),
                        last.quality(c));
            }
        }
        if (recorder != null) {
            out.printf("recorded %d frames to %s%n", recorder.frames(), record);
        }
        if (json) {
            ObjectNode o = JSON.createObjectNode();
            o.put("board", description.name());
            o.put("frames", stats.ticks());
            o.put("deadline_misses", stats.deadlineMisses());
            o.put("worst_lateness_ms", stats.worstLatenessNanos() / 1e6);
            ObjectNode devices = o.putObject("devices");
            for (DeviceHealth h : loop.deviceHealth()) {
                ObjectNode d = devices.putObject(h.deviceId());
                d.put("samples", h.attempts());
                d.put("failures", h.failures());
                d.put("last_error", h.lastError());
            }
            if (last != null) {
                ObjectNode channels = o.putObject("last_frame");
                for (int c = 0; c < last.layout().size(); c++) {
                    ObjectNode ch = channels.putObject(last.layout().get(c).name());
                    JsonFigures.put(ch, "value", last.value(c));
                    ch.put("unit", last.layout().get(c).kind().unit());
                    ch.put("quality", last.quality(c).name().toLowerCase());
                }
            }
            if (recorder != null) {
                o.put("recorded_frames", recorder.frames());
            }
            out.println(JSON.writeValueAsString(o));
        }
    }
}
