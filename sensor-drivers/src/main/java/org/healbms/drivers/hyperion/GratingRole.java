package org.healbms.drivers.hyperion;

/** How a grating is mounted, which decides how it is read. */
public enum GratingRole {
    /** On the can: sees strain and temperature; alone, it cannot tell them apart. */
    BONDED,
    /** Strain-free beside the cell: temperature only. */
    REFERENCE,
    /** One of two co-located bonded gratings of different sensitivity, inverted together (2×2). */
    PAIRED
}
