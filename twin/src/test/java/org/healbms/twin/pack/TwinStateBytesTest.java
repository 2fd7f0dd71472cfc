package org.healbms.twin.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.healbms.core.cell.CellParameters;
import org.healbms.twin.SyntheticFleet;
import org.healbms.twin.telemetry.TelemetryRecord;
import org.junit.jupiter.api.Test;

class TwinStateBytesTest {

    private static TwinState stepped() {
        CellParameters p = SyntheticFleet.cell();
        PackTwin twin = PackTwin.start(new PackModel(p, 3, 0.6));
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
        assertThat(bytes).hasSize(TwinStateBytes.size(s)).hasSize(1 + 8 + 8 + 4 + 3 * (47 * 8 + 1));
        TwinState back = TwinStateBytes.read(bytes);
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
        assertThatThrownBy(() -> TwinStateBytes.read(Arrays.copyOf(bytes, bytes.length - 9)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stored twin state claims 3 cells in 1143 bytes");
        assertThatThrownBy(() -> TwinStateBytes.read(Arrays.copyOf(bytes, 12))).hasMessageContaining("cut short");
        byte[] versioned = bytes.clone();
        versioned[0] = 9;
        assertThatThrownBy(() -> TwinStateBytes.read(versioned)).hasMessageContaining("version 9");
        assertThatThrownBy(() -> TwinStateBytes.read(Arrays.copyOf(bytes, bytes.length + 3)))
                .hasMessageContaining("3 bytes past its end");
    }

    @Test
    void aResumedTwinContinuesFromExactlyTheSavedState() {
        CellParameters p = SyntheticFleet.cell();
        List<TelemetryRecord> records = SyntheticFleet.pack(p, 2, 0.8, 120);
        PackModel model = new PackModel(p, 2, 0.5);
        PackTwin straight = PackTwin.start(model);
        PackTwin first = PackTwin.start(model);
        PackTwin.Step saved = null;
        for (int t = 0; t < 60; t++) {
            straight.apply(records.get(t));
            saved = first.apply(records.get(t));
        }
        PackTwin resumed = PackTwin.resume(model, TwinStateBytes.read(TwinStateBytes.write(saved.state())));
        for (int t = 60; t < 120; t++) {
            PackEstimate a = straight.apply(records.get(t)).estimate();
            PackEstimate b = resumed.apply(records.get(t)).estimate();
            assertThat(b.soc()).as("tick %d", t).containsExactly(a.soc());
            assertThat(b.socSigma()).containsExactly(a.socSigma());
        }
        assertThat(resumed.refusal(records.get(119))).contains("was applied already");
        assertThat(resumed.refusal(records.get(100))).contains("goes back from the last applied");
    }
}
