package org.healbms.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.healbms.sim.board.BenchBoard;

/**
 * The bench the firmware tests run on: the shared emulated 4-cell board ({@link BenchBoard}) and a
 * firmware configuration beside it that saves its state every second under {@code state/}.
 */
final class EmulatedBench {

    private EmulatedBench() {}

    /**
     * Writes {@code board.yaml} and {@code firmware.yaml} into {@code dir}.
     *
     * @param firmwareExtra further lines of the firmware configuration (e.g. {@code "soc_guess: 0.4\n"})
     * @return the firmware configuration
     */
    static Path config(Path dir, String firmwareExtra) throws IOException {
        BenchBoard.writeTo(dir);
        Path config = dir.resolve("firmware.yaml");
        Files.writeString(config, """
                format: healbms-firmware
                format_version: 1
                board: board.yaml
                state_dir: state
                save_interval_s: 1
                """ + firmwareExtra);
        return config;
    }
}
