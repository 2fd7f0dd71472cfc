package org.healbms.firmware.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * How full the heap is with live objects: the heap pools' usage after the last garbage collection
 * (what the collector could not free), as a fraction of the maximum heap. The heap's current usage
 * would be the wrong signal: it includes garbage and rises to the maximum before every collection.
 * Read often (every CoAP request, every control tick), so it is cached for {@value #REFRESH_MS} ms.
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
    private final long max = Runtime.getRuntime().maxMemory();
    private volatile long refreshedAtNanos = Long.MIN_VALUE;
    private volatile double liveFraction;

    private HeapWatch() {}

    public static HeapWatch system() {
        return SYSTEM;
    }

    /** Live heap after the last collection over the maximum heap, 0..1. */
    public double liveFraction() {
        long now = System.nanoTime();
        if (refreshedAtNanos == Long.MIN_VALUE || now - refreshedAtNanos > REFRESH_MS * 1_000_000) {
            long live = 0;
            for (MemoryPoolMXBean p : pools) {
                MemoryUsage after = p.getCollectionUsage();
                live += after != null ? after.getUsed() : 0;
            }
            liveFraction = max > 0 ? (double) live / max : 0;
            refreshedAtNanos = now;
        }
        return liveFraction;
    }

    public boolean critical() {
        return liveFraction() > CRITICAL;
    }
}
