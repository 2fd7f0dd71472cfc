package org.healbms.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.healbms.core.estimation.FilterState;
import org.healbms.core.protection.FaultId;
import org.junit.jupiter.api.Test;

/** The saved state's JSON: every field round-trips, and a file from before the newer fields still reads. */
class PersistedStateTest {

    private static double[] covariance() {
        double[] p = new double[36];
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < 6; c++) {
                p[r * 6 + c] = r == c ? 1e-3 * (r + 1) : 1e-6 * (r + c);
            }
        }
        return p;
    }

    private static final double[] STATE = {0.61, 0.01, -0.002, 0.004, 0.0007, 1 / 2.9};

    @Test
    void theStrainZeroTheSustainedCurrentAndAnUnacknowledgedLossRoundTrip() throws IOException {
        FilterState cell = new FilterState(
                STATE,
                covariance(),
                1.2,
                4e-4,
                new FilterState.StrainZero(31e-6, 2.5e-11, new double[] {1e-9, 0, -2e-10, 0, 3e-11, 0}),
                -1.75);
        PersistedState saved = new PersistedState(
                1_700_000_000_000L,
                List.of(cell, new FilterState(STATE, covariance())),
                3,
                7,
                Map.of(1, 2.0),
                true,
                Set.of(FaultId.LISTENER_FAILED, FaultId.CONTACTOR_WELDED),
                null);
        PersistedState read = PersistedState.fromJson(saved.toJson());
        FilterState back = read.cells().getFirst();
        assertThat(back.state()).containsExactly(STATE);
        assertThat(back.covariance()).containsExactly(covariance());
        assertThat(back.strainZero().offset()).isEqualTo(31e-6);
        assertThat(back.strainZero().variance()).isEqualTo(2.5e-11);
        assertThat(back.strainZero().covarianceWithState()).containsExactly(1e-9, 0, -2e-10, 0, 3e-11, 0);
        assertThat(back.sustainedCurrentA()).isEqualTo(-1.75);
        assertThat(read.cells().get(1).strainZero())
                .as("a cell without a gauge")
                .isNull();
        assertThat(read.stateLossUnacknowledged()).isTrue();
        assertThat(read.latchedFaults()).containsExactlyInAnyOrder(FaultId.LISTENER_FAILED, FaultId.CONTACTOR_WELDED);
        assertThat(read.healingDosesUsed()).containsEntry(1, 2.0);
    }

    /** As written before the gauge zero, the sustained current and the loss flag were saved. */
    @Test
    void anOlderFileWithoutTheNewFieldsStillRestores() throws IOException {
        StringBuilder cov = new StringBuilder();
        for (double v : covariance()) {
            cov.append(cov.isEmpty() ? "" : ", ").append(v);
        }
        String old = """
                {"format": "healbms-state", "format_version": 1, "saved_at_epoch_ms": 1700000000000,
                 "faults_raised": 2, "transitions": 4, "healing_doses_used": {"1": 1.0},
                 "cells": [{"state": [0.61, 0.01, -0.002, 0.004, 0.0007, %s], "covariance": [%s],
                            "resistance_scale": 1.1, "resistance_scale_variance": 0.0001}]}
                """.formatted(1 / 2.9, cov);
        PersistedState read = PersistedState.fromJson(old.getBytes(StandardCharsets.UTF_8));
        FilterState cell = read.cells().getFirst();
        assertThat(cell.state()[0]).isEqualTo(0.61);
        assertThat(cell.resistanceScale()).isEqualTo(1.1);
        assertThat(cell.strainZero()).isNull();
        assertThat(cell.sustainedCurrentA()).isZero();
        assertThat(read.stateLossUnacknowledged()).isFalse();
        assertThat(read.latchedFaults()).isEmpty();
    }

    @Test
    void aDamagedStrainZeroIsNamed() {
        String bad = """
                {"format": "healbms-state", "cells": [{"state": [0.5, 0, 0, 0, 0, 0.3], "covariance": [%s],
                 "strain_zero": {"offset_m_per_m": "x", "variance": 1e-11, "covariance_with_state": [0, 0, 0, 0, 0, 0]}}]}
                """.formatted(String.join(", ", Collections.nCopies(36, "0")));
        assertThatThrownBy(() -> PersistedState.fromJson(bad.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cell 1")
                .hasMessageContaining("strain zero");
    }
}
