package org.healbms.drivers.acquisition;

import java.io.IOException;
import org.healbms.core.reading.ReadingFrame;

/** Takes every frame the loop produces (the recorder, the estimators, telemetry). */
@FunctionalInterface
public interface FrameListener {

    /** @throws IOException to stop the loop: a recorder that cannot write must not lose data silently */
    void onFrame(ReadingFrame frame) throws IOException;
}
