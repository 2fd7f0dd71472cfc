package org.healbms.drivers.platform;

import org.healbms.core.pack.Contactors;

/**
 * Contactors a platform models together with the DC link they switch, where no coil or link
 * voltage channel exists (a simulation): the firmware's precharge check reads the modelled link.
 */
public interface ModelledContactors extends Contactors {

    /** Advances the link to {@code nowNanos} and returns its voltage for a pack at {@code packV}. */
    double linkVoltage(double packV, long nowNanos);
}
