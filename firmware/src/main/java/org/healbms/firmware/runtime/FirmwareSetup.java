package org.healbms.firmware.runtime;

import java.io.IOException;
import java.nio.file.Path;
import org.healbms.core.cell.CellParameters;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.healing.rules.RuleSet;
import org.healbms.io.board.BoardFile;
import org.healbms.io.cell.CellParameterFile;
import org.healbms.io.firmware.FirmwareConfig;
import org.healbms.io.firmware.FirmwareConfigFile;
import org.healbms.io.rules.RulesFile;

/** Everything a firmware needs, read from its configuration file and the files it names. */
public record FirmwareSetup(
        FirmwareConfig config, BoardDescription board, CellParameters cell, Path plant, RuleSet rules) {

    /** Where the files a configuration leaves out come from (the bundled examples, for the CLI and the Pi alike). */
    public interface Fallbacks {

        Path board() throws IOException;

        Path cell() throws IOException;

        /** The trace an emulated board's cells replay; null when there is none to offer. */
        Path plant() throws IOException;

        Path rules() throws IOException;
    }

    /**
     * Reads a firmware configuration and the board, cell and rules files it names (or the fallbacks).
     *
     * @param stateDir where state and the audit log go instead of the configured state_dir; null keeps it
     */
    public static FirmwareSetup read(Path file, Path stateDir, Fallbacks fallbacks) throws IOException {
        FirmwareConfig c = FirmwareConfigFile.read(file);
        if (stateDir != null) {
            c = c.withStateDirectory(stateDir);
        }
        BoardDescription board =
                BoardFile.read(c.files().board() != null ? c.files().board() : fallbacks.board());
        CellParameters cell = CellParameterFile.read(
                        c.files().cell() != null ? c.files().cell() : fallbacks.cell())
                .parameters();
        Path plant = c.files().plantTrace() != null ? c.files().plantTrace() : fallbacks.plant();
        RuleSet rules = RulesFile.read(c.healing().rules() != null ? c.healing().rules() : fallbacks.rules());
        return new FirmwareSetup(c, board, cell, plant, rules);
    }
}
