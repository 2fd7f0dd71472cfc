package org.healbms.sim.device.ltc681x;

/**
 * Conversion time and self-test patterns per MD / ADCOPT, from the fact sheet's timing table [L2]
 * (the LTC6813's 18-cell time extrapolated from the 12-cell row: six ADC rounds instead of four) and
 * the datasheet's CVST table (the fact sheet gives only the 7 kHz patterns). MD = 00 (422 Hz / 1 kHz)
 * is not modelled: the fact sheet has no times for it, so such a command is ignored.
 */
record AdcTiming(long allChannelsNanos, long twoChannelsNanos, int selfTest1, int selfTest2) {

    static AdcTiming of(int md, boolean adcOpt, int cellCount) {
        AdcTiming twelve = switch (md) {
            case 0b01 -> adcOpt ? new AdcTiming(1_288, 230, 0x9553, 0x6AAC) : new AdcTiming(1_113, 201, 0x9565, 0x6A9A);
            case 0b10 -> adcOpt ? new AdcTiming(3_033, 521, 0x9555, 0x6AAA) : new AdcTiming(2_335, 405, 0x9555, 0x6AAA);
            case 0b11 ->
                adcOpt ? new AdcTiming(4_430, 754, 0x9555, 0x6AAA) : new AdcTiming(201_300, 33_600, 0x9555, 0x6AAA);
            default -> null;
        };
        if (twelve == null) {
            return null;
        }
        long all = cellCount == 12
                ? twelve.allChannelsNanos
                : twelve.twoChannelsNanos + Math.ceilDiv((twelve.allChannelsNanos - twelve.twoChannelsNanos) * 5, 3);
        return new AdcTiming(all * 1_000, twelve.twoChannelsNanos * 1_000, twelve.selfTest1, twelve.selfTest2);
    }
}
