package org.healbms.firmware.memory;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * How full the heap is with live objects: the heap pools' usage after the last garbage collection
 * (what the collector could not free), as a fraction of the maximum heap. The heap's current usage
 * would be the wrong signal: it includes garbage and rises to the maximum before every collection.
 * Read often (every CoAP request, every control tick), so it is cached for {@value #REFRESH_MS} ms, and
 * read again only after a collection: the usage after the last one cannot change without one, and
 * reading it builds a MemoryUsage per pool (a control tick that allocates nothing would make garbage).
 */
public final class HeapWatch {

    /** Live heap above this fraction: new CoAP work is answered 5.03 (with Max-Age) instead of done. */
    public static final double SHED = 0.70;
    /** Above this: datagrams are dropped unread, and the firmware raises LOW_MEMORY. */
    public static final double CRITICAL = 0.85;

    static final long REFRESH_MS = 100;
    private static final HeapWatch SYSTEM = new HeapWatch();

    private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported())
            .toList();
    private final GarbageCollectorMXBean[] collectors =
            ManagementFactory.getGarbageCollectorMXBeans().toArray(GarbageCollectorMXBean[]::new);
    private final long max = Runtime.getRuntime().maxMemory();
    private volatile long refreshedAtNanos = Long.MIN_VALUE;
    private volatile double liveFraction;
    /** The collections counted at the last read of the pools. */
    private volatile long collectionsRead = -1;

    private HeapWatch() {}

    public static HeapWatch system() {
        return SYSTEM;
    }

    /** Live heap after the last collection over the maximum heap, 0..1. */
    public double liveFraction() {
        long now = System.nanoTime();
        if (refreshedAtNanos == Long.MIN_VALUE || now - refreshedAtNanos > REFRESH_MS * 1_000_000) {
            long collections = collections();
            if (collections != collectionsRead) {
                long live = 0;
                for (int k = 0; k < pools.size(); k++) {
                    MemoryUsage after = pools.get(k).getCollectionUsage();
                    live += after != null ? after.getUsed() : 0;
                }
                liveFraction = max > 0 ? (double) live / max : 0;
                collectionsRead = collections;
            }
            refreshedAtNanos = now;
        }
        return liveFraction;
    }

    /** Collections so far, all collectors together (a count the JVM keeps: reading it builds nothing). */
    private long collections() {
        long n = 0;
        for (GarbageCollectorMXBean c : collectors) {
            n += Math.max(0, c.getCollectionCount());
        }
        return n;
    }

    public boolean critical() {
        return liveFraction() > CRITICAL;
    }
}
