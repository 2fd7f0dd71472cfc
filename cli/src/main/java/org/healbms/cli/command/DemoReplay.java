package org.healbms.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.healbms.core.cell.CellParameters;
import org.healbms.io.cell.CellParameterFile;
import org.healbms.sim.replay.ReplayResult;

/**
 * The main job on its bundled default: replays a real US06 drive cycle of a Panasonic NCR18650PF
 * (which starts full) from a deliberately wrong start guess of 70 % SoC, with the cell model HealBMS
 * identified from the same dataset's 25 degC C/20 test, HPPC test and NN drive-cycle mix (not from
 * the trace it replays), and prints the summary.
 */
public final class DemoReplay {

    static final double WRONG_GUESS = 0.7;

    private DemoReplay() {}

    public static int run() throws IOException {
        Path dir = Files.createTempDirectory("healbms-demo");
        try {
            Path trace = BundledFiles.extract(dir, BundledFiles.DEMO, BundledFiles.DEMO_TRACE);
            BundledFiles.extract(dir, BundledFiles.DEMO, BundledFiles.DEMO_METADATA);
            Path cellFile = BundledFiles.extract(dir, BundledFiles.CELL, BundledFiles.DEMO_CELL);
            CellParameters p = CellParameterFile.read(cellFile).parameters();
            System.out.printf(
                    "HealBMS demo: replaying a real US06 drive cycle (Panasonic NCR18650PF, 25 degC; Kollmeyer 2018,"
                            + " CC BY 4.0)%nfrom a wrong start guess of %.0f %% SoC (the cell starts full).%n",
                    100 * WRONG_GUESS);
            ReplayResult result = ReplayCommand.replay(
                    trace,
                    p,
                    null,
                    OptionalDouble.of(WRONG_GUESS),
                    OptionalDouble.empty(),
                    OptionalDouble.empty(),
                    OptionalDouble.empty(),
                    null);
            ReplayCommand.print(System.out, trace, result, false, p.capacityAh());
            System.out.println("Try: ./healbms replay --help, ./healbms identify --help");
            return 0;
        } finally {
            BundledFiles.deleteTree(dir);
        }
    }
}
