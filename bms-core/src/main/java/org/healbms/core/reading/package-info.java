/**
 * Readings as the rest of the firmware sees them: channels with a kind and unit, one immutable frame
 * per acquisition tick, and a quality flag on every value. Producers are the drivers' device
 * adapters; consumers are the estimators, protection, rules, telemetry and the recorder.
 */
package org.healbms.core.reading;
