/**
 * Healing controller: rules over degradation signatures, the safety interlocks that win over every
 * rule, and the actuators (heater, derating, pulse requests) that carry out healing actions.
 */
package org.healbms.healing;
