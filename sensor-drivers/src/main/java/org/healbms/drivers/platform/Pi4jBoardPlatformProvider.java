package org.healbms.drivers.platform;

import com.pi4j.Pi4J;
import java.util.Optional;
import org.healbms.drivers.ad5941.SweepClock;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.drivers.bus.BusPlatform;
import org.healbms.drivers.bus.Pi4jBusPlatform;

/** {@code platform: pi4j}: the Pi's buses through Pi4J; contactors on GPIO, sweeps in real time. */
public final class Pi4jBoardPlatformProvider implements BoardPlatformProvider {

    @Override
    public String name() {
        return "pi4j";
    }

    @Override
    public BoardPlatform open(BoardDescription board, PlatformSettings settings) {
        BusPlatform buses = new Pi4jBusPlatform(Pi4J.newAutoContext());
        return new BoardPlatform() {
            @Override
            public BusPlatform buses() {
                return buses;
            }

            @Override
            public void advanceTo(double elapsedS) {
                // Real cells move on by themselves.
            }

            @Override
            public Optional<ModelledContactors> contactors() {
                return Optional.empty();
            }

            @Override
            public SweepClock sweepClock() {
                return SweepClock.system();
            }

            @Override
            public void close() throws Exception {
                buses.close();
            }
        };
    }
}
