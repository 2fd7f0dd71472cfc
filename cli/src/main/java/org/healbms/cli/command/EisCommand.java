package org.healbms.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.healbms.drivers.ad5941.Ad5941;
import org.healbms.drivers.ad5941.ImpedancePoint;
import org.healbms.drivers.ad5941.ImpedanceSpectrum;
import org.healbms.drivers.ad5941.SweepPlan;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.drivers.board.BoardDevices;
import org.healbms.drivers.board.DeviceDescription;
import org.healbms.drivers.platform.BoardPlatform;
import org.healbms.drivers.platform.PlatformSettings;
import org.healbms.io.board.BoardFile;
import org.healbms.sim.board.EmulatedBoardPlatformProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code healbms eis}: one impedance sweep of a cell through the board's AD5941, on demand. */
@Command(
        name = "eis",
        mixinStandardHelpOptions = true,
        description =
                "Sweep a cell's impedance through the board's AD5941 (emulated by default) and print the spectrum.")
public final class EisCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(
            names = "--board",
            paramLabel = "FILE",
            description = "board description (default: the bundled emulated board)")
    Path board;

    @Option(names = "--device", paramLabel = "ID", description = "the ad5941 device (default: the board's first)")
    String device;

    @Option(names = "--from-hz", defaultValue = "1", description = "lowest frequency (default: ${DEFAULT-VALUE})")
    double fromHz;

    @Option(names = "--to-hz", defaultValue = "1000", description = "highest frequency (default: ${DEFAULT-VALUE})")
    double toHz;

    @Option(names = "--points", defaultValue = "20", description = "log-spaced points (default: ${DEFAULT-VALUE})")
    int points;

    @Option(names = "--json", description = "print the spectrum as one JSON object on the last line of stdout")
    boolean json;

    @Override
    public Integer call() throws Exception {
        SweepPlan plan = SweepPlan.logSpaced(fromHz, toHz, points);
        Path scratch = Files.createTempDirectory("healbms-eis");
        try {
            Path boardFile = board != null
                    ? board
                    : BundledFiles.extract(scratch, BundledFiles.BOARD, BundledFiles.EXAMPLE_BOARD);
            BoardDescription description = BoardFile.read(boardFile);
            Path trace = description.platform().equals(EmulatedBoardPlatformProvider.NAME)
                    ? BundledFiles.extract(scratch, BundledFiles.DEMO, BundledFiles.DEMO_TRACE)
                    : null;
            try (BoardPlatform platform = BoardPlatform.open(description, new PlatformSettings(trace, false))) {
                Ad5941 afe = BoardDevices.openImpedance(description, device, platform.buses(), platform.sweepClock());
                ImpedanceSpectrum spectrum = afe.sweep(plan);
                int cell = cellOf(description, device);
                print(spectrum, cell);
            }
            return 0;
        } finally {
            BundledFiles.deleteTree(scratch);
        }
    }

    private static int cellOf(BoardDescription board, String id) {
        for (DeviceDescription d : board.devices()) {
            if (d instanceof DeviceDescription.EisFrontEnd e && (id == null || e.id().equals(id))) {
                return e.cell();
            }
        }
        return 0;
    }

    private void print(ImpedanceSpectrum spectrum, int cell) throws Exception {
        System.out.printf(
                "cell %d impedance, RCAL %.1f mOhm:%n%12s %12s %12s %12s %10s%n",
                cell, 1e3 * spectrum.rcalOhm(), "f / Hz", "Re / mOhm", "Im / mOhm", "|Z| / mOhm", "phase / deg");
        ObjectNode o = JSON.createObjectNode();
        o.put("cell", cell);
        o.put("rcal_ohm", spectrum.rcalOhm());
        ArrayNode pts = o.putArray("points");
        for (ImpedancePoint p : spectrum.points()) {
            ObjectNode n = pts.addObject();
            n.put("frequency_hz", p.frequencyHz());
            if (p.valid()) {
                double phase = Math.toDegrees(Math.atan2(p.imagOhm(), p.realOhm()));
                System.out.printf(
                        "%12.3f %12.3f %12.3f %12.3f %10.2f%n",
                        p.frequencyHz(), 1e3 * p.realOhm(), 1e3 * p.imagOhm(), 1e3 * p.magnitudeOhm(), phase);
                n.put("real_ohm", p.realOhm());
                n.put("imag_ohm", p.imagOhm());
            } else {
                System.out.printf("%12.3f %s%n", p.frequencyHz(), p.fault());
                n.putNull("real_ohm");
                n.putNull("imag_ohm");
            }
            n.put("fault", p.valid() ? null : p.fault().name().toLowerCase());
        }
        if (json) {
            System.out.println(JSON.writeValueAsString(o));
        }
    }
}
