package org.healbms.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bench the firmware tests run on: an emulated 4-cell board (an LTC6811 chain and a SmartShunt)
 * and a firmware configuration beside it that saves its state every second under {@code state/}.
 */
final class EmulatedBench {

    private EmulatedBench() {}

    /**
     * Writes {@code board.yaml} and {@code firmware.yaml} into {@code dir}.
     *
     * @param name          the board's name
     * @param firmwareExtra further lines of the firmware configuration (e.g. {@code "soc_guess: 0.4\n"})
     * @return the firmware configuration
     */
    static Path config(Path dir, String name, String firmwareExtra) throws IOException {
        Files.writeString(dir.resolve("board.yaml"), """
                format: healbms-board
                format_version: 1
                name: %s
                cells: 4
                devices:
                  - id: cellmon
                    type: ltc6811
                    period_ms: 100
                    spi: {bus: 0, chip_select: 0, clock_hz: 500000}
                    cells:
                      - {cell: 1, ic: 0, input: 1}
                      - {cell: 2, ic: 0, input: 2}
                      - {cell: 3, ic: 0, input: 3}
                      - {cell: 4, ic: 0, input: 4}
                  - id: shunt
                    type: victron-vedirect
                    period_ms: 1000
                    port: /dev/ttyUSB0
                """.formatted(name));
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
