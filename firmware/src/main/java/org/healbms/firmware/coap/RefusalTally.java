package org.healbms.firmware.coap;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the CoAP server turned away, counted rather than recorded one by one: a peer that floods
 * unauthenticated writes must not be able to grow the audit log, the heap or the SD card's wear by
 * one fsynced entry per datagram. {@link #summarise} (called once a period) hands one line per
 * period to the audit log, and only when something was refused: counts per kind, and for the
 * unauthenticated writes their sources (at most {@value #SOURCES_NAMED} named, the rest summed).
 */
final class RefusalTally {

    static final int SOURCES_NAMED = 8;
    /** Sources counted one by one per period; beyond that they are summed as "other addresses". */
    static final int SOURCES_TRACKED = 64;

    /** Why a request or datagram was turned away. */
    enum Kind {
        UNAUTHENTICATED_WRITE("unauthenticated writes answered 4.01"),
        OVER_RATE("requests over their address's rate answered 4.29"),
        HEAP("requests answered 5.03 while the heap was short"),
        DROPPED_RATE("datagrams dropped over their address's hard cap"),
        DROPPED_BACKLOG("datagrams dropped while the protocol stage was behind"),
        DROPPED_HEAP("datagrams dropped while the heap was critical");

        final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    private final long[] counts = new long[Kind.values().length];
    private final long[] totals = new long[Kind.values().length];
    private final Map<InetAddress, long[]> sources = new LinkedHashMap<>();
    private long otherSources;
    private long periodStartNanos = System.nanoTime();

    synchronized void count(Kind kind, InetAddress source) {
        counts[kind.ordinal()]++;
        totals[kind.ordinal()]++;
        if (kind == Kind.UNAUTHENTICATED_WRITE) {
            long[] n = sources.get(source);
            if (n == null && sources.size() < SOURCES_TRACKED) {
                sources.put(source, n = new long[1]);
            }
            if (n != null) {
                n[0]++;
            } else {
                otherSources++;
            }
        }
    }

    /** Since the server started. */
    synchronized long total(Kind kind) {
        return totals[kind.ordinal()];
    }

    /** Hands the period's line to {@code sink} (if anything was refused) and starts a new period. */
    void summarise(Consumer<String> sink) {
        String line;
        synchronized (this) {
            List<String> parts = new ArrayList<>();
            for (Kind k : Kind.values()) {
                long n = counts[k.ordinal()];
                if (n == 0) {
                    continue;
                }
                String part = n + " " + k.text;
                if (k == Kind.UNAUTHENTICATED_WRITE) {
                    List<String> from = new ArrayList<>();
                    sources.entrySet().stream()
                            .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                            .limit(SOURCES_NAMED)
                            .forEach(e -> from.add(
                                    e.getValue()[0] + " from " + e.getKey().getHostAddress()));
                    long rest = otherSources
                            + sources.values().stream().mapToLong(c -> c[0]).sum()
                            - from.stream()
                                    .mapToLong(f -> Long.parseLong(f.substring(0, f.indexOf(' '))))
                                    .sum();
                    if (rest > 0) {
                        from.add(rest + " from other addresses");
                    }
                    part += " (" + String.join(", ", from) + ")";
                }
                parts.add(part);
            }
            Arrays.fill(counts, 0);
            sources.clear();
            otherSources = 0;
            long now = System.nanoTime();
            line = parts.isEmpty()
                    ? null
                    : "in the last " + Math.round((now - periodStartNanos) / 1e9) + " s: " + String.join("; ", parts);
            periodStartNanos = now;
        }
        if (line != null) {
            sink.accept(line);
        }
    }
}
