/**
 * Device emulators: each models one chip's register map, conversion timing and faults behind the
 * same bus seams the drivers use, so the firmware runs unchanged on a desktop or a HIL bench.
 */
package org.healbms.sim.device;
