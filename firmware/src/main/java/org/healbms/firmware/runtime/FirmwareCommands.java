package org.healbms.firmware.runtime;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.healbms.core.protection.FaultId;
import org.healbms.firmware.eis.SweepAnswer;
import org.healbms.firmware.telemetry.Requester;
import org.healbms.healing.HealingController;
import org.healbms.healing.rules.RuleSet;
import org.healbms.io.config.ConfigException;
import org.healbms.io.rules.RulesFile;

/**
 * The commands the outside may give the firmware (CoAP, and whatever else drives it): each is read and
 * checked on the caller's thread, which touches nothing of the running firmware, and only a valid one
 * is queued for the control tick. A malformed one is answered at once with its problems.
 */
final class FirmwareCommands {

    private final CommandQueue queue;

    FirmwareCommands(CommandQueue queue) {
        this.queue = queue;
    }

    CompletableFuture<List<String>> acknowledgeFault(String fault, Requester by) {
        FaultId id;
        try {
            id = FaultId.valueOf(fault.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(List.of("'" + fault.trim() + "' is not a fault id"));
        }
        return queue.submit("acknowledge " + id + " by " + by, tick -> tick.acknowledge(id, by));
    }

    CompletableFuture<List<String>> setHealingMode(String mode, Requester by) {
        HealingController.Mode m;
        try {
            m = HealingController.Mode.valueOf(mode.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(
                    List.of("'" + mode.trim() + "' is not a healing mode (auto, advisory, off)"));
        }
        return queue.submit("healing mode " + m.name().toLowerCase() + " by " + by, tick -> tick.setHealingMode(m, by));
    }

    /** Parsing and type-checking a rules file takes a while; it is done here, off the control thread. */
    CompletableFuture<List<String>> replaceRules(String yaml, Requester by) {
        RuleSet next;
        try {
            next = RulesFile.parse("PUT rules", yaml);
        } catch (ConfigException e) {
            return CompletableFuture.completedFuture(e.problems());
        } catch (IOException e) {
            return CompletableFuture.completedFuture(List.of(e.getMessage()));
        }
        return queue.submit("rules " + next.name() + " by " + by, tick -> tick.replaceRules(next, by));
    }

    CompletableFuture<SweepAnswer> requestImpedanceSweep(int cell, Requester by) {
        return queue.submit("impedance sweep of cell " + cell + " by " + by, tick -> tick.requestSweep(cell, by));
    }
}
