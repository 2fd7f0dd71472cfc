/**
 * The battery's passport: the life story the control tick accumulates ({@code org.healbms.core.life}),
 * the cells' state of health with its 1σ, the healing ledger and the daily SoH diary, saved with the
 * firmware state and read back from a state directory; rendered as HealBMS's own passport JSON
 * (CoAP {@code passport}) and as the Battery Pass data model's PerformanceAndDurability aspect.
 */
package org.healbms.firmware.passport;
