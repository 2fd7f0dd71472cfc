package org.healbms.firmware.coap;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/**
 * The connectors' receiving threads run at a lower CPU priority than the control loop: Linux nice
 * 10 (a CPU weight of 110 against the control loop's 1024). A flood keeps exactly these threads
 * busy, reading datagrams only to drop them; at nice 10 the control tick wins the CPU from them, and
 * what they cannot read the kernel drops at no cost. The protocol stage keeps the normal priority:
 * its work is bounded by the request rates, and it should answer what was let in promptly. Java's
 * own thread priorities are ignored on Linux without root, but any thread may lower its own through
 * setpriority(2) on its thread id, which the foreign function API calls. Elsewhere (or if the call
 * fails) nothing changes.
 */
final class NetworkThreads {

    static final int NICE = 10;
    private static final int PRIO_PROCESS = 0;
    private static final MethodHandle SETPRIORITY;
    private static final MethodHandle GETTID;
    private static final ThreadLocal<Boolean> LOWERED = ThreadLocal.withInitial(() -> false);

    static {
        MethodHandle set = null;
        MethodHandle tid = null;
        try {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            set = libc.find("setpriority")
                    .map(a -> linker.downcallHandle(a, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT)))
                    .orElse(null);
            tid = libc.find("gettid")
                    .map(a -> linker.downcallHandle(a, FunctionDescriptor.of(JAVA_INT)))
                    .orElse(null);
        } catch (RuntimeException | LinkageError e) {
            // not Linux, or native access refused: CoAP threads keep the normal priority
        }
        SETPRIORITY = set;
        GETTID = tid;
    }

    private NetworkThreads() {}

    /** Lowers the calling platform thread's priority, once; true if it is lowered. */
    static boolean lowerCurrent() {
        if (LOWERED.get()) {
            return true;
        }
        if (SETPRIORITY == null || GETTID == null || Thread.currentThread().isVirtual()) {
            return false; // a virtual thread's carrier is shared: leave it
        }
        try {
            int tid = (int) GETTID.invokeExact();
            boolean ok = (int) SETPRIORITY.invokeExact(PRIO_PROCESS, tid, NICE) == 0;
            LOWERED.set(ok);
            return ok;
        } catch (Throwable e) {
            return false;
        }
    }
}
