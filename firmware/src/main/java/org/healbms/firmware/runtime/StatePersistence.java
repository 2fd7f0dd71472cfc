package org.healbms.firmware.runtime;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.healbms.core.estimation.FilterState;
import org.healbms.core.pack.PackEstimator;
import org.healbms.core.protection.FaultId;
import org.healbms.firmware.passport.Passport;
import org.healbms.firmware.persist.AuditLog;
import org.healbms.firmware.persist.SlotStore;
import org.healbms.healing.HealingController;
import org.healbms.io.firmware.FirmwareConfig;

/**
 * The firmware's state across restarts: restored once at start into the estimator and the healing
 * controller, saved by the control tick at the save interval and at stop, through the crash-safe
 * {@link SlotStore}. Saved-at times are the wall clock's: a person reads them.
 */
final class StatePersistence {

    /**
     * What a restore hands the control tick: its counters, whether a loss still awaits acknowledgement,
     * and the latched faults that were active and not acknowledged when the state was saved.
     */
    record Restored(long faultsRaised, boolean stateLossUnacknowledged, Set<FaultId> latchedFaults) {}

    private final FirmwareConfig config;
    private final SlotStore store;
    private final AuditLog audit;
    private final PrintWriter log;
    private final FirmwareClocks clocks;

    StatePersistence(FirmwareConfig config, AuditLog audit, PrintWriter log, FirmwareClocks clocks) throws IOException {
        this.config = config;
        this.store = new SlotStore(config.state().directory(), "state");
        this.audit = audit;
        this.log = log;
        this.clocks = clocks;
    }

    void save(
            PackEstimator estimator,
            long faultsRaised,
            int transitions,
            HealingController healing,
            boolean stateLossUnacknowledged,
            Set<FaultId> latchedFaults,
            Passport passport)
            throws IOException {
        List<FilterState> cells = new ArrayList<>();
        for (int k = 0; k < estimator.cells(); k++) {
            cells.add(estimator.state(k));
        }
        store.save(new PersistedState(
                        clocks.epochMillis(),
                        cells,
                        faultsRaised,
                        transitions,
                        healing.dosesUsed(),
                        stateLossUnacknowledged,
                        latchedFaults,
                        passport)
                .toJson());
    }

    /** Restores the saved state (if any) into {@code estimator}, {@code healing} and the life story. */
    Restored restore(PackEstimator estimator, HealingController healing, LifeRecorder life) throws IOException {
        return switch (store.recover(PersistedState::fromJson)) {
            case SlotStore.Fresh<PersistedState> fresh -> {
                log.println("healbms run: no saved state; starting from SoC "
                        + config.startup().socGuess());
                yield new Restored(0, false, Set.of());
            }
            case SlotStore.Restored<PersistedState> restored -> {
                for (SlotStore.Damage d : restored.passedOver()) {
                    // What the two slots are for, but an operator should know it happened, and why.
                    warn("state slot " + d.slot().getFileName() + " passed over (" + d.reason() + "); restored record "
                            + restored.sequence() + " from the other slot");
                }
                restoreStory(restored.value().passport(), restored.sequence(), life);
                yield apply(restored.value(), restored.sequence(), estimator, healing);
            }
            case SlotStore.Lost<PersistedState> lost -> {
                life.historyLost();
                yield startFromDefaults(lost, healing);
            }
        };
    }

    /**
     * The life story goes on from the saved one. A state saved before the story was kept, or by a pack
     * of another size, cannot give it: the story starts now and says that what came before is lost.
     */
    private void restoreStory(Passport saved, long sequence, LifeRecorder life) throws IOException {
        if (saved == null) {
            life.historyLost();
            warn("restored state " + sequence + " has no life story (saved before it was kept): the story counts "
                    + "from now");
            return;
        }
        try {
            life.restore(saved);
        } catch (IllegalArgumentException e) {
            life.historyLost();
            warn("the saved life story cannot be continued (" + e.getMessage() + "): the story counts from now");
        }
    }

    private Restored apply(PersistedState saved, long sequence, PackEstimator estimator, HealingController healing)
            throws IOException {
        if (saved.stateLossUnacknowledged()) {
            // The loss before this state is still to be acknowledged: STATE_LOST comes back with it.
            healing.withholdBudget(true);
            warn("restored state " + sequence + ", but the loss of the state before it is not acknowledged yet: "
                    + "STATE_LOST stays latched and the healing budget withheld");
        }
        if (saved.cells().size() != estimator.cells()) {
            log.printf(
                    "healbms run: warning: saved state has %d cells, the board %d; starting from SoC %.2f%n",
                    saved.cells().size(), estimator.cells(), config.startup().socGuess());
            return new Restored(0, saved.stateLossUnacknowledged(), saved.latchedFaults());
        }
        for (int k = 0; k < saved.cells().size(); k++) {
            estimator.restore(k, saved.cells().get(k));
        }
        healing.restoreDosesUsed(saved.healingDosesUsed());
        log.printf(
                "healbms run: restored state %d (saved at %s)%n",
                sequence, Instant.ofEpochMilli(saved.savedAtEpochMs()));
        if (!saved.latchedFaults().isEmpty()) {
            warn("restored state " + sequence + " with latched faults not acknowledged before the restart: "
                    + saved.latchedFaults() + "; they stay raised until acknowledged");
        }
        return new Restored(saved.faultsRaised(), saved.stateLossUnacknowledged(), saved.latchedFaults());
    }

    /**
     * Neither slot could be read. Refusing to start would leave the pack to a restart loop, so the
     * firmware starts from defaults and says so: every cell's filter from the configured SoC guess with
     * the cell file's wide start uncertainty (as on a first start, so the bounds are honest), counters
     * at zero, and no healing budget until an operator acknowledges STATE_LOST. The budget is the one
     * default that is not the configuration's: the count of doses already given is what was lost, and
     * a dose given twice cannot be taken back, while one withheld only waits. The damaged slot files
     * are kept aside for inspection.
     */
    private Restored startFromDefaults(SlotStore.Lost<PersistedState> lost, HealingController healing)
            throws IOException {
        healing.withholdBudget(true);
        List<String> damage = lost.damage().stream()
                .map(d -> d.slot().getFileName() + ": " + d.reason())
                .toList();
        List<String> kept =
                lost.keptAs().stream().map(p -> p.getFileName().toString()).toList();
        warn("saved state lost (" + String.join("; ", damage) + "); the damaged slots are kept as "
                + String.join(", ", kept)
                + "; starting from defaults: SoC %.2f with the filter's start uncertainty,"
                        .formatted(config.startup().socGuess())
                + " counters at zero, no healing budget until STATE_LOST is acknowledged");
        return new Restored(0, true, Set.of());
    }

    /** A warning for the operator: on stderr (the journal on the Pi) and in the audit log. */
    private void warn(String text) throws IOException {
        log.println("healbms run: warning: " + text);
        audit.append(text);
    }
}
