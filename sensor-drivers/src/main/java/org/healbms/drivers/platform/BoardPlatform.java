package org.healbms.drivers.platform;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.healbms.drivers.ad5941.SweepClock;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.drivers.bus.BusPlatform;

/** An opened board platform: its buses and, on a simulation, the plant behind them. */
public interface BoardPlatform extends AutoCloseable {

    /** The buses and GPIO/PWM lines the board's devices are opened on. */
    BusPlatform buses();

    /** Moves a simulated plant on to {@code elapsedS} since start; hardware has nothing to move. */
    void advanceTo(double elapsedS);

    /**
     * Contactors and DC link the platform models; empty where the board's contactor coils are
     * driven through GPIO and the link is measured (hardware).
     */
    Optional<ModelledContactors> contactors();

    /** The clock an impedance sweep on this platform runs on. */
    SweepClock sweepClock();

    /** The charger the firmware commands, where the platform has one it can reach. */
    default Optional<Charger> charger() {
        return Optional.empty();
    }

    /**
     * Opens the board's platform through the provider of that name on the class path.
     *
     * @throws IllegalArgumentException if no provider offers the board's platform: it names the
     *                                  platform and the providers found, so a jar without the
     *                                  emulators refuses an emulated board at start
     */
    static BoardPlatform open(BoardDescription board, PlatformSettings settings) throws IOException {
        String wanted = board.platform();
        List<String> found = new ArrayList<>();
        for (BoardPlatformProvider provider : ServiceLoader.load(BoardPlatformProvider.class)) {
            if (provider.name().equals(wanted)) {
                return provider.open(board, settings);
            }
            found.add(provider.name());
        }
        throw new IllegalArgumentException("board " + board.name() + " needs platform '" + wanted
                + "', which no provider on the class path offers (found: "
                + (found.isEmpty() ? "none" : String.join(", ", found)) + ")");
    }
}
