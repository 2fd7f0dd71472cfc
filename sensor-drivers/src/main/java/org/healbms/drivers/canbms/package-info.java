/**
 * The CAN-bus BMS protocol that Victron, SMA and Pylontech-compatible inverters and chargers read:
 * 500 kbit/s, 11-bit identifiers, little-endian words, the BMS's frames once a second. Pure encoding
 * and decoding, no I/O: docs/can.md has the table of fields and the sources each was checked against.
 */
package org.healbms.drivers.canbms;
