package org.healbms.firmware.runtime;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * The periodic state save, kept from ending the firmware: a card that refuses the save (full,
 * read-only) is said once on the log and becomes the condition of STORAGE_UNWRITABLE until a save
 * goes through again; the slots on disk still hold the last good state.
 */
final class StateSaves {

    /** A save: writes the state's next slot. */
    @FunctionalInterface
    interface Save {
        void run() throws IOException;
    }

    private final PrintWriter log;
    private volatile IOException failure;

    StateSaves(PrintWriter log) {
        this.log = log;
    }

    /** Saves; returns whether it went through. */
    boolean attempt(Save save) {
        try {
            save.run();
        } catch (IOException e) {
            if (failure == null) {
                log.println("healbms run: warning: the state cannot be saved (" + e.getMessage()
                        + "); the last saved state stays on disk, the firmware runs on");
                log.flush();
            }
            failure = e;
            return false;
        }
        if (failure != null) {
            log.println("healbms run: the state is saved again");
            log.flush();
        }
        failure = null;
        return true;
    }

    boolean failing() {
        return failure != null;
    }
}
