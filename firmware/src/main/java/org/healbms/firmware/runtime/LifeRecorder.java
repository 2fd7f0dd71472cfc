package org.healbms.firmware.runtime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.impedance.ImpedanceHistory;
import org.healbms.core.impedance.ImpedanceRecord;
import org.healbms.core.life.HealingLedger;
import org.healbms.core.life.LifeStory;
import org.healbms.core.pack.PackEstimator;
import org.healbms.core.reading.FrameChannels;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.firmware.eis.ImpedanceTracker;
import org.healbms.firmware.passport.CellHealth;
import org.healbms.firmware.passport.Passport;
import org.healbms.firmware.passport.Ratings;
import org.healbms.firmware.passport.SohDiary;
import org.healbms.healing.ActionRecord;
import org.healbms.io.firmware.FirmwareConfig;

/**
 * The firmware's side of the life story: feeds the {@link LifeStory} once per control tick from the
 * tick's frame (into buffers it keeps, so the tick allocates nothing for it), records protection faults
 * and healing actions as they happen, and takes the {@link Passport} that is saved with the state
 * (and, once a day, its cells' state of health into the {@link SohDiary}).
 * Runs on the control loop's thread, as the healing controller that reports to it does.
 */
final class LifeRecorder implements ActionRecord {

    private final Ratings ratings;
    private final LifeStory story;
    private final HealingLedger ledger = new HealingLedger();
    private final FrameChannels channels;
    private final FirmwareClocks clocks;
    private final double[] volts;
    private final double[] temperatures;
    private final SohDiary diary;

    LifeRecorder(
            FirmwareConfig config,
            CellParameters cell,
            FrameChannels channels,
            double restCurrentA,
            SohDiary diary,
            FirmwareClocks clocks) {
        this.diary = diary;
        this.channels = channels;
        this.clocks = clocks;
        this.ratings = new Ratings(
                channels.cells(),
                cell.capacityAh(),
                config.limits().minVoltageV(),
                config.limits().maxVoltageV(),
                cell.r0Ohm().value(0.5, 25),
                config.lifeStory());
        this.story = new LifeStory(channels.cells(), config.lifeStory(), restCurrentA);
        this.volts = new double[channels.cells()];
        this.temperatures = new double[channels.cells()];
    }

    /** One control tick: the frame's current, cell voltages and temperatures over {@code dtS}. */
    void tick(ReadingFrame frame, double dtS) {
        for (int k = 0; k < volts.length; k++) {
            volts[k] = BoardIo.ok(frame, channels.cellVoltage()[k]);
            temperatures[k] = BoardIo.ok(frame, channels.cellTemperature()[k]);
        }
        story.update(clocks.epochMillis(), dtS, BoardIo.ok(frame, channels.packCurrent()), volts, temperatures);
    }

    void faultRaised(String faultId) {
        story.faultRaised(faultId, clocks.epochMillis());
    }

    /** The saved passport could not be read: the story counts from now, and says so. */
    void historyLost() {
        story.historyLost(clocks.epochMillis());
    }

    @Override
    public void acted(int cell, String ruleId, String action, boolean carriedOut, boolean judged) {
        ledger.acted(clocks.epochMillis(), cell, ruleId, action, carriedOut, judged);
    }

    @Override
    public void judged(int cell, String ruleId, String verdict) {
        ledger.judged(cell, ruleId, verdict);
    }

    /** An impedance sweep's later verdict on a thermal activation (by its R_ct). */
    void judgedBySweep(int cell, String ruleId, String verdict) {
        ledger.judgedAgain(cell, ruleId, "eis", verdict);
    }

    /** Continues from a saved passport; one of another pack (cell count) is refused with the reason. */
    void restore(Passport saved) {
        story.restore(saved.story());
        ledger.restore(saved.healing(), saved.healingTallies());
    }

    /** A passport was saved: the first save of a (UTC) day also writes the day's point to the SoH diary. */
    void saved(Passport p) throws IOException {
        diary.note(Math.floorDiv(p.savedAtEpochMs(), 86_400_000L), p);
    }

    Passport passport(PackEstimator estimator, ImpedanceTracker impedance) {
        List<CellHealth> health = new ArrayList<>(ratings.cells());
        for (int k = 0; k < ratings.cells(); k++) {
            double increase = Double.NaN;
            double sigma = Double.NaN;
            long eisAt = -1;
            if (impedance.cells().contains(k + 1)) {
                ImpedanceHistory h = impedance.history(k + 1);
                Optional<ImpedanceRecord> latest = h.latest();
                if (latest.isPresent()) {
                    eisAt = latest.get().epochMs();
                    Optional<ImpedanceRecord> base = h.baselineFor(latest.get());
                    if (base.isPresent()) {
                        // R_ohmic's relative error is taken as each fit's relative RMS error against |Z|.
                        double ratio = latest.get().ohmicOhm() / base.get().ohmicOhm();
                        increase = ratio - 1;
                        sigma = ratio
                                * Math.hypot(latest.get().fitError(), base.get().fitError());
                    }
                }
            }
            health.add(new CellHealth(
                    k + 1,
                    estimator.soc(k),
                    estimator.socSigma(k),
                    estimator.capacityAh(k),
                    estimator.capacitySigmaAh(k),
                    estimator.resistanceScale(k),
                    estimator.resistanceScaleSigma(k),
                    increase,
                    sigma,
                    eisAt));
        }
        return new Passport(clocks.epochMillis(), ratings, story.record(), health, ledger.entries(), ledger.tallies());
    }
}
