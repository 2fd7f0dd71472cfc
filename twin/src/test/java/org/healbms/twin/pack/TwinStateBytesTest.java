package org.healbms.twin.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.life.LifeStoryLimits;
import org.healbms.core.protection.CellLimits;
import org.healbms.core.signature.StrippingPlateauDetector;
import org.healbms.twin.SyntheticFleet;
import org.healbms.twin.telemetry.TelemetryRecord;
import org.junit.jupiter.api.Test;

class TwinStateBytesTest {

    static final LifeStoryLimits LIFE = LifeStoryLimits.of(CellLimits.ncr18650pf());

    private static TwinState stepped() {
        CellParameters p = SyntheticFleet.cell();
        PackTwin twin = PackTwin.start(new PackModel(p, 3, 0.6, LIFE));
        PackTwin.Step step = null;
        for (TelemetryRecord r : SyntheticFleet.pack(p, 3, 0.9, 50)) {
            step = twin.apply(r);
        }
        return step.state();
    }

    @Test
    void aStoredStateComesBackBitForBit() {
        TwinState s = stepped();
        byte[] bytes = TwinStateBytes.write(s);
        // Filters, then the story: three times, the losses, pack and cells' throughputs, no faults, last
        // published; no active faults; then the detectors.
        byte[] detectors = SignatureStateBytes.write(s.signatures(), s.activeSignatures());
        assertThat(bytes)
                .hasSize(TwinStateBytes.size(s))
                .hasSize(1 + 8 + 8 + 4 + 3 * (47 * 8 + 1) + 24 + 16 + 4 * 96 + 4 + 8 + 4 + detectors.length);
        TwinState back = TwinStateBytes.read(bytes);
        assertThat(back.signatures()).isEqualTo(s.signatures());
        assertThat(back.signatures().hotSpot()).hasSize(4); // the pack's place and three cells
        assertThat(back.activeFaults()).isEmpty();
        assertThat(back.story()).isEqualTo(s.story());
        assertThat(back.story().pack().dischargeAh()).isPositive();
        assertThat(back.lastStoryNanos()).isEqualTo(SyntheticFleet.START_NANOS);
        assertThat(back.lastTick()).isEqualTo(49);
        assertThat(back.lastTimeNanos()).isEqualTo(s.lastTimeNanos());
        for (int k = 0; k < 3; k++) {
            assertThat(back.cells().get(k).state())
                    .containsExactly(s.cells().get(k).state());
            assertThat(back.cells().get(k).covariance())
                    .containsExactly(s.cells().get(k).covariance());
            assertThat(back.cells().get(k).sustainedCurrentA())
                    .isEqualTo(s.cells().get(k).sustainedCurrentA());
            assertThat(back.cells().get(k).modelErrorCheck())
                    .isEqualTo(s.cells().get(k).modelErrorCheck());
        }
    }

    @Test
    void aDamagedStateIsRefusedWithWhatIsWrong() {
        byte[] bytes = TwinStateBytes.write(stepped());
        byte[] manyCells = bytes.clone();
        ByteBuffer.wrap(manyCells).putInt(17, 1000);
        assertThatThrownBy(() -> TwinStateBytes.read(manyCells))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stored twin state claims 1000 cells in " + bytes.length + " bytes");
        assertThatThrownBy(() -> TwinStateBytes.read(Arrays.copyOf(bytes, bytes.length - 9)))
                .hasMessageContaining("cut short");
        assertThatThrownBy(() -> TwinStateBytes.read(Arrays.copyOf(bytes, 12))).hasMessageContaining("cut short");
        byte[] versioned = bytes.clone();
        versioned[0] = 9;
        assertThatThrownBy(() -> TwinStateBytes.read(versioned)).hasMessageContaining("version 9");
        assertThatThrownBy(() -> TwinStateBytes.read(Arrays.copyOf(bytes, bytes.length + 3)))
                .hasMessageContaining("3 bytes past its end");
    }

    /** A version-3 state (before the faults and the detectors) is read; its detectors start from nothing. */
    @Test
    void aStateFromBeforeTheDetectorsIsReadWithFreshDetectors() {
        TwinState s = stepped();
        byte[] bytes = TwinStateBytes.write(s);
        int tail = 4 + SignatureStateBytes.write(s.signatures(), s.activeSignatures()).length;
        byte[] v3 = Arrays.copyOf(bytes, bytes.length - tail);
        v3[0] = 3;
        TwinState back = TwinStateBytes.read(v3);
        assertThat(back.story()).isEqualTo(s.story());
        assertThat(back.cells().getFirst().state())
                .containsExactly(s.cells().getFirst().state());
        assertThat(back.signatures()).isEqualTo(SignatureStateBytes.NONE);
        assertThat(back.activeSignatures()).isEmpty();
        assertThat(back.activeFaults()).isEmpty();
    }

    /**
     * Version 4's detectors, before the stripping-plateau detector ran the cell's model: a cell with a
     * rest under way (two buckets) and a plateau found. The rest and its charge are forgotten, the
     * plateau kept with all of its rise unexplained and its charge's stress unknown.
     */
    @Test
    void aVersionFourStrippingCellKeepsItsPlateauAndForgetsItsRest() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (int list = 0; list < 5; list++) {
                out.writeInt(0); // sensor faults, resistance growth, swelling, hot spot, plating risk
            }
            out.writeInt(3); // rests judged
            out.writeInt(1); // one stripping cell
            out.writeLong(7_000L); // last seen
            out.writeDouble(1.2); // charge, Ah
            out.writeDouble(-5.0); // at degC
            out.writeByte(1 | 2); // resting, found
            out.writeLong(1_000L);
            out.writeLong(2_000L);
            out.writeDouble(8.1);
            out.writeInt(2);
            out.writeInt(2); // two buckets: (atS, meanV) each
            out.writeDouble(65);
            out.writeDouble(4.01);
            out.writeDouble(75);
            out.writeDouble(4.0);
            out.writeDouble(1e-5); // slowest
            out.writeDouble(1.5); // the plateau: charge, temperature, at, rate, slowest, since
            out.writeDouble(-4.0);
            out.writeDouble(900);
            out.writeDouble(120e-6);
            out.writeDouble(20e-6);
            out.writeLong(5_000L);
            out.writeInt(0); // capacity fade
            out.writeInt(0); // no signature active
        }
        ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray());
        StrippingPlateauDetector.State stripping =
                SignatureStateBytes.read(b, 4).signatures().strippingPlateau();
        assertThat(b.hasRemaining()).isFalse();
        assertThat(stripping.restsJudged()).isEqualTo(3);
        StrippingPlateauDetector.Cell cell = stripping.cells().getFirst();
        assertThat(cell.lastNanos()).isEqualTo(7_000L);
        assertThat(cell.chargeAh()).isZero();
        assertThat(cell.rest()).isNull();
        assertThat(cell.found())
                .isEqualTo(new StrippingPlateauDetector.Plateau(
                        1.5, -4.0, Double.NaN, 900, 120e-6, 20e-6, 120e-6 - 20e-6, 5_000L));
    }

    /** Faults, detectors mid-window and active signatures come back as they were. */
    @Test
    void aStateWithFaultsAndActiveSignaturesComesBackEqual() {
        CellParameters p = SyntheticFleet.cell();
        PackTwin twin = PackTwin.start(new PackModel(p, 4, 0.6, LIFE));
        PackTwin.Step step = null;
        List<TelemetryRecord> records = SyntheticFleet.eventful(p, 4, 0.6, 125);
        for (TelemetryRecord r : records) {
            step = twin.apply(r);
        }
        TwinState s = step.state();
        assertThat(s.activeFaults()).containsExactly("TEMPERATURE_MEASUREMENT");
        assertThat(s.activeSignatures()).isNotEmpty();
        TwinState back = TwinStateBytes.read(TwinStateBytes.write(s));
        assertThat(back.activeFaults()).isEqualTo(s.activeFaults());
        assertThat(back.signatures()).isEqualTo(s.signatures());
        assertThat(back.activeSignatures()).isEqualTo(s.activeSignatures());
        assertThat(back.story()).isEqualTo(s.story());
    }

    @Test
    void aResumedTwinContinuesFromExactlyTheSavedState() {
        CellParameters p = SyntheticFleet.cell();
        List<TelemetryRecord> records = SyntheticFleet.pack(p, 2, 0.8, 120);
        PackModel model = new PackModel(p, 2, 0.5, LIFE);
        PackTwin straight = PackTwin.start(model);
        PackTwin first = PackTwin.start(model);
        PackTwin.Step saved = null;
        for (int t = 0; t < 60; t++) {
            straight.apply(records.get(t));
            saved = first.apply(records.get(t));
        }
        PackTwin resumed = PackTwin.resume(model, TwinStateBytes.read(TwinStateBytes.write(saved.state())));
        PackTwin.Step sa = null;
        PackTwin.Step sb = null;
        for (int t = 60; t < 120; t++) {
            sa = straight.apply(records.get(t));
            sb = resumed.apply(records.get(t));
            PackEstimate a = sa.estimate();
            PackEstimate b = sb.estimate();
            assertThat(b.soc()).as("tick %d", t).containsExactly(a.soc());
            assertThat(b.socSigma()).containsExactly(a.socSigma());
            assertThat(sb.story()).as("tick %d", t).isEqualTo(sa.story());
        }
        assertThat(sb.state().story())
                .as("the story went on as if never stopped")
                .isEqualTo(sa.state().story());
        // 3 A over the 29 + 30 one-second intervals that end in a discharging tick (the first record counts no time).
        assertThat(sb.state().story().pack().dischargeAh()).isCloseTo(3.0 * 59 / 3600, within(1e-12));
        assertThat(resumed.refusal(records.get(119))).contains("was applied already");
        assertThat(resumed.refusal(records.get(100))).contains("goes back from the last applied");
    }
}
