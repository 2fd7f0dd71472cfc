/**
 * The battery's life story: what a pack and each of its cells have been through since the first
 * power-on (charge and energy throughput, equivalent full cycles, time at extreme temperatures,
 * deep-discharge and overcharge events, protection faults) and every healing action with its
 * verdict. The accumulator is fed once per control tick from that tick's figures and allocates
 * nothing there; its {@link org.healbms.core.life.LifeStoryRecord} is what is saved and served.
 */
package org.healbms.core.life;
