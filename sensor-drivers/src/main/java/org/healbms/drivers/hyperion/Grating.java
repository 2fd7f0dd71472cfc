package org.healbms.drivers.hyperion;

import org.healbms.core.fusion.GratingCalibration;

/**
 * One grating of a fibre on the interrogator: its wavelength window, its role and its
 * calibration. A {@link GratingRole#REFERENCE} grating is mounted strain-free beside its cell and
 * sees temperature only; with one beside a bonded grating, the interrogator's cell also gets a
 * temperature and a strain. Two {@link GratingRole#PAIRED} gratings on one cell are co-located
 * and of different sensitivity (one coated), read together by the 2×2 method to the same end.
 */
public record Grating(
        int channel,
        String name,
        int cell,
        double nominalNm,
        double windowNm,
        GratingRole role,
        GratingCalibration calibration) {

    /** A bonded grating with bare-silica sensitivities referred to 25 °C. */
    public Grating(int channel, String name, int cell, double nominalNm, double windowNm) {
        this(
                channel,
                name,
                cell,
                nominalNm,
                windowNm,
                GratingRole.BONDED,
                GratingCalibration.bareSilica(nominalNm, 25.0));
    }

    /** Strain-free: it sees temperature only. */
    public boolean reference() {
        return role == GratingRole.REFERENCE;
    }
}
