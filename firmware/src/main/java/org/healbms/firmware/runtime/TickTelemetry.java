package org.healbms.firmware.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.core.signature.DegradationSignature;
import org.healbms.firmware.telemetry.TelemetrySnapshot;
import org.healbms.healing.thermal.RuleEfficacy;

/**
 * One tick's telemetry, written in place by the control tick: the cells' figures in arrays, the
 * current limits, and the immutable parts (the frame, the pack's status, the signatures, the tallies,
 * the impedance histories) by reference. {@link TelemetryPublisher} keeps two and writes the one
 * readers are not given, so a tick builds nothing; a reader builds the {@link TelemetrySnapshot} from the other when
 * it asks. The writes are bracketed by a sequence number (odd while writing, as in a seqlock): a
 * reader too slow to finish before the tick after next comes back to this record finds the number
 * changed and reads again, and never holds up the tick.
 */
final class TickTelemetry {

    private static final VarHandle SEQUENCE;

    static {
        try {
            SEQUENCE = MethodHandles.lookup().findVarHandle(TickTelemetry.class, "sequence", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through SEQUENCE
    private long sequence;

    long tick;
    long epochMillis;
    /** The current limits, A: they change at nearly every tick, so they are here and not in the status. */
    double chargeLimitA;

    double dischargeLimitA;
    TelemetryPublisher.PackStatus status;
    ReadingFrame frame;
    List<DegradationSignature> signatures;
    List<RuleEfficacy.Tally> tallies;
    List<TelemetrySnapshot.Impedance> impedance;

    final double[] voltageV;
    final double[] temperatureDegC;
    final double[] soc;
    final double[] socSigma;
    final double[] sohResistance;
    final double[] healingBudget;
    final boolean[] heating;
    final double[] coreTemperatureDegC;
    final double[] coreTemperatureSigmaK;

    TickTelemetry(int cells) {
        voltageV = new double[cells];
        temperatureDegC = new double[cells];
        soc = new double[cells];
        socSigma = new double[cells];
        sohResistance = new double[cells];
        healingBudget = new double[cells];
        heating = new boolean[cells];
        coreTemperatureDegC = new double[cells];
        coreTemperatureSigmaK = new double[cells];
    }

    /** Before the tick's writes: a reader that overlaps them sees an odd number, or a changed one. */
    void beginWrite() {
        SEQUENCE.setOpaque(this, (long) SEQUENCE.getOpaque(this) + 1);
        // The odd number is stored before any of the writes that follow.
        VarHandle.releaseFence();
    }

    /** After the tick's writes: they are all stored before the even number. */
    void endWrite() {
        SEQUENCE.setRelease(this, (long) SEQUENCE.getOpaque(this) + 1);
    }

    /** The number to read under; odd while a tick writes. */
    long stamp() {
        return (long) SEQUENCE.getAcquire(this);
    }

    /** Whether what was read since {@link #stamp} is one tick's, whole. */
    boolean validate(long stamp) {
        VarHandle.acquireFence();
        return (stamp & 1) == 0 && stamp == (long) SEQUENCE.getOpaque(this);
    }
}
