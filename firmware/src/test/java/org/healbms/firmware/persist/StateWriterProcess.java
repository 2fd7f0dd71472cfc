package org.healbms.firmware.persist;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The process the kill test kills: saves records as fast as it can, each a payload that names its own
 * sequence number, and prints the sequence after each save has returned (is on disk).
 */
public final class StateWriterProcess {

    private StateWriterProcess() {}

    public static void main(String[] args) throws Exception {
        SlotStore store = new SlotStore(Path.of(args[0]), "state");
        int size = Integer.parseInt(args[1]);
        long next = store.load().map(SlotStore.Loaded::sequence).orElse(0L) + 1;
        while (true) {
            byte[] payload = new byte[size];
            byte[] tag = ("seq=" + next + ";").getBytes(StandardCharsets.US_ASCII);
            Arrays.fill(payload, (byte) ('a' + next % 26));
            System.arraycopy(tag, 0, payload, 0, tag.length);
            long saved = store.save(payload);
            System.out.println("saved " + saved);
            System.out.flush();
            next = saved + 1;
        }
    }
}
