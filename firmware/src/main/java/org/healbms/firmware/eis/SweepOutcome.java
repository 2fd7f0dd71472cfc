package org.healbms.firmware.eis;

import org.healbms.core.impedance.ImpedanceFit;

/**
 * How one sweep ended, handed from the sweep thread to the control loop: fitted, failed (the
 * front end or the fit could not give a result), or aborted (the control loop asked it to stop).
 *
 * @param startedNanos     monotonic time the sweep was started (the caller's clock)
 * @param startedAtEpochMs wall-clock time, for the history
 * @param durationNanos    how long the sweep and its fit took on the sweep thread
 * @param fit              the fitted circuit, or null
 * @param failure          why there is no fit, or null
 * @param abortReason      why the control loop stopped the sweep, or null
 */
record SweepOutcome(
        int cell,
        String trigger,
        long startedNanos,
        long startedAtEpochMs,
        long durationNanos,
        ImpedanceFit.Result fit,
        String failure,
        String abortReason) {}
