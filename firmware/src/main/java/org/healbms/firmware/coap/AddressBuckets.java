package org.healbms.firmware.coap;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Token buckets per source ADDRESS (not address and port: a host gets one allowance however many
 * sockets it opens), with a total budget shared by the addresses active in the last second: each
 * refills at the lesser of its own rate and the total over the active addresses, so one host cannot
 * starve another and many hosts together cannot exceed the total. The table is bounded: addresses
 * idle for {@value #IDLE_S} s are forgotten, and beyond {@code maxAddresses} new addresses share one
 * bucket.
 */
final class AddressBuckets {

    static final long IDLE_S = 10;

    private final double ratePerS;
    private final double burst;
    private final double totalPerS;
    private final int maxAddresses;
    private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();
    private final Bucket overflow;
    /** Addresses seen in the last second (recounted once a second; a new address counts at once). */
    private final AtomicInteger active = new AtomicInteger(1);

    private long lastSweepNanos = System.nanoTime();

    private static final class Bucket {
        double tokens;
        long lastNanos;
        volatile long seenNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastNanos = now;
            this.seenNanos = now;
        }
    }

    /**
     * @param totalPerS the budget all addresses share (infinite: none)
     */
    AddressBuckets(double ratePerS, double burst, double totalPerS, int maxAddresses) {
        this.ratePerS = ratePerS;
        this.burst = burst;
        this.totalPerS = totalPerS;
        this.maxAddresses = maxAddresses;
        this.overflow = new Bucket(burst, System.nanoTime());
    }

    /** 0 when the address may go on; otherwise the seconds until it may (at least 1). */
    long take(InetAddress address, long nowNanos) {
        sweep(nowNanos);
        Bucket b = buckets.get(address);
        if (b == null) {
            if (buckets.size() < maxAddresses) {
                b = buckets.computeIfAbsent(address, k -> {
                    active.incrementAndGet();
                    return new Bucket(burst(), nowNanos);
                });
            } else {
                b = overflow;
            }
        }
        double rate = rate();
        synchronized (b) {
            b.seenNanos = nowNanos;
            b.tokens = Math.min(burst(), b.tokens + (nowNanos - b.lastNanos) / 1e9 * rate);
            b.lastNanos = nowNanos;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / rate));
        }
    }

    /** Whether the address has used more than half its burst: a heavy sender, shed first. */
    boolean heavy(InetAddress address) {
        Bucket b = buckets.get(address);
        if (b == null) {
            return buckets.size() >= maxAddresses;
        }
        synchronized (b) {
            return b.tokens < burst() / 2;
        }
    }

    /** Each address's refill rate now: its own, or its share of the total. */
    double rate() {
        return Math.min(ratePerS, totalPerS / Math.max(1, active.get()));
    }

    private double burst() {
        return Math.max(2, Math.min(burst, 2 * rate()));
    }

    /** Once a second: count the addresses seen in the last second, forget the idle ones. */
    private void sweep(long nowNanos) {
        if (nowNanos - lastSweepNanos < 1_000_000_000L) {
            return;
        }
        synchronized (this) {
            if (nowNanos - lastSweepNanos < 1_000_000_000L) {
                return;
            }
            lastSweepNanos = nowNanos;
            int seen = 0;
            for (var e : buckets.entrySet()) {
                long idle = nowNanos - e.getValue().seenNanos;
                if (idle > IDLE_S * 1_000_000_000L) {
                    buckets.remove(e.getKey(), e.getValue());
                } else if (idle <= 1_000_000_000L) {
                    seen++;
                }
            }
            active.set(Math.max(1, seen));
        }
    }
}
