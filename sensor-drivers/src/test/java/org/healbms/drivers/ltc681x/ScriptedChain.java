package org.healbms.drivers.ltc681x;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.healbms.drivers.bus.SpiTarget;

/**
 * A chain fake that records every transfer and answers reads from a script: per read command, a
 * queue of replies (the last one repeats), each reply the 8-byte blocks per IC, nearest first.
 */
final class ScriptedChain implements SpiTarget {

    private final List<byte[]> transfers = new ArrayList<>();
    private final Map<Integer, Deque<byte[][]>> replies = new HashMap<>();
    private int busyPolls;

    @Override
    public String name() {
        return "spi-0.0";
    }

    @Override
    public void transfer(byte[] tx, byte[] rx) {
        transfers.add(tx.clone());
        Arrays.fill(rx, (byte) 0xFF);
        if (tx.length < 4 || tx[0] == (byte) 0xFF) {
            return;
        }
        int code = (tx[0] & 0x07) << 8 | tx[1] & 0xFF;
        if (code == Command.PLADC.code()) {
            rx[4] = busyPolls-- > 0 ? 0 : (byte) 0xFF;
            return;
        }
        Deque<byte[][]> queue = replies.get(code);
        if (queue != null) {
            byte[][] blocks = queue.size() > 1 ? queue.poll() : queue.peek();
            for (int ic = 0; ic < blocks.length; ic++) {
                System.arraycopy(blocks[ic], 0, rx, 4 + 8 * ic, 8);
            }
        }
    }

    /** Queues one reply to reading {@code group}: one 8-byte block per IC. */
    ScriptedChain reply(RegisterGroup group, byte[]... blocks) {
        replies.computeIfAbsent(group.readCommand().code(), k -> new ArrayDeque<>())
                .add(blocks);
        return this;
    }

    /** The next {@code polls} PLADC polls report busy. */
    ScriptedChain busyFor(int polls) {
        busyPolls = polls;
        return this;
    }

    /** Six data bytes with a correct PEC. */
    static byte[] block(int... data) {
        byte[] block = new byte[8];
        for (int i = 0; i < 6; i++) {
            block[i] = (byte) data[i];
        }
        Pec15.append(block, 0, 6);
        return block;
    }

    /** A block of three little-endian codes with a correct PEC. */
    static byte[] codes(int a, int b, int c) {
        return block(a, a >> 8, b, b >> 8, c, c >> 8);
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    List<byte[]> transfers() {
        return transfers;
    }

    /** Transfers that carry a command (wake-up pulses and idle bytes are all 0xFF). */
    List<byte[]> frames() {
        return transfers.stream()
                .filter(tx -> tx.length >= 4 && tx[0] != (byte) 0xFF)
                .toList();
    }

    /** The command (first four bytes) of each frame, as hex. */
    List<String> commands() {
        return frames().stream()
                .map(f -> HexFormat.ofDelimiter(" ").withUpperCase().formatHex(f, 0, 4))
                .toList();
    }
}
