package org.healbms.firmware.runtime;

import java.io.IOException;
import java.util.Map;

/**
 * Tells systemd the firmware is ready and alive (sd_notify), when it runs as a {@code Type=notify}
 * service. Java has no datagram Unix sockets, so notifications go through {@code systemd-notify}
 * (the unit sets {@code NotifyAccess=all}). The watchdog is petted from the control loop's own tick,
 * at half the watchdog period, so a stalled loop is exactly what stops the petting; the call runs
 * on its own virtual thread so it never delays a tick.
 */
final class SystemdNotifier {

    private final boolean enabled;
    private final long petIntervalNanos;
    private long lastPetNanos = Long.MIN_VALUE;

    SystemdNotifier(Map<String, String> environment) {
        this.enabled = environment.containsKey("NOTIFY_SOCKET");
        long watchdogUsec = parse(environment.get("WATCHDOG_USEC"));
        this.petIntervalNanos = watchdogUsec > 0 ? watchdogUsec * 1000 / 2 : Long.MAX_VALUE;
    }

    private static long parse(String usec) {
        try {
            return usec == null ? 0 : Long.parseLong(usec.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    boolean enabled() {
        return enabled;
    }

    long petIntervalNanos() {
        return petIntervalNanos;
    }

    void ready() {
        send("--ready");
    }

    void stopping() {
        send("STOPPING=1");
    }

    /** Called every control tick; pets the watchdog when half its period has passed. */
    boolean tick(long nowNanos) {
        if (!enabled || petIntervalNanos == Long.MAX_VALUE) {
            return false;
        }
        if (lastPetNanos != Long.MIN_VALUE && nowNanos - lastPetNanos < petIntervalNanos) {
            return false;
        }
        lastPetNanos = nowNanos;
        send("WATCHDOG=1");
        return true;
    }

    private void send(String message) {
        if (!enabled) {
            return;
        }
        Thread.ofVirtual().name("sd-notify").start(() -> {
            try {
                new ProcessBuilder("systemd-notify", message)
                        .inheritIO()
                        .start()
                        .waitFor();
            } catch (IOException e) {
                System.err.println("healbms run: warning: systemd-notify " + message + " failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
