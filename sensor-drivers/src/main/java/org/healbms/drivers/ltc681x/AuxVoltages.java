package org.healbms.drivers.ltc681x;

import java.util.Arrays;
import java.util.List;

/**
 * One IC's auxiliary inputs: GPIO1..5 (LTC6813: GPIO1..9) and the second reference Vref2 (fact
 * sheet: AUXA = G1, G2, G3; AUXB = G4, G5, REF; LTC6813 datasheet: AUXC = G6, G7, G8; AUXD = G9 and
 * two reserved words). 0xFFFF = no data: NaN and flagged, as for the cells.
 *
 * @param gpioCodes     raw codes, index 0 = GPIO1, 100 uV each
 * @param referenceCode raw Vref2 code
 */
public record AuxVoltages(int ic, int[] gpioCodes, int referenceCode) {

    public AuxVoltages {
        gpioCodes = gpioCodes.clone();
    }

    /** Decodes the groups of {@link Ltc681xVariant#auxGroups()} in order. */
    static AuxVoltages decode(int ic, List<byte[]> groups, int gpioCount) {
        int[] words = new int[groups.size() * 3];
        for (int g = 0; g < groups.size(); g++) {
            for (int k = 0; k < 3; k++) {
                words[3 * g + k] = CellVoltages.littleEndian(groups.get(g), 2 * k);
            }
        }
        // Word order: G1 G2 G3 | G4 G5 REF | G6 G7 G8 | G9 - -
        int[] gpio = new int[gpioCount];
        for (int i = 0; i < gpioCount; i++) {
            gpio[i] = words[i < 5 ? i : i + 1];
        }
        return new AuxVoltages(ic, gpio, words[5]);
    }

    @Override
    public int[] gpioCodes() {
        return gpioCodes.clone();
    }

    /** Volts per GPIO, index 0 = GPIO1; NaN where no data. */
    public double[] gpioVolts() {
        return Arrays.stream(gpioCodes).mapToDouble(AuxVoltages::volts).toArray();
    }

    public boolean[] gpioNoData() {
        boolean[] flags = new boolean[gpioCodes.length];
        for (int i = 0; i < gpioCodes.length; i++) {
            flags[i] = gpioCodes[i] == CellVoltages.NO_DATA;
        }
        return flags;
    }

    /** Vref2 in volts (nominally 3 V; a drift flags a bad ADC reference), NaN if no data. */
    public double referenceVolts() {
        return volts(referenceCode);
    }

    private static double volts(int code) {
        return code == CellVoltages.NO_DATA ? Double.NaN : code * CellVoltages.VOLTS_PER_LSB;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AuxVoltages that
                && ic == that.ic
                && referenceCode == that.referenceCode
                && Arrays.equals(gpioCodes, that.gpioCodes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * ic + referenceCode) + Arrays.hashCode(gpioCodes);
    }

    @Override
    public String toString() {
        return "AuxVoltages[ic=" + ic + ", gpio=" + Arrays.toString(gpioVolts()) + ", vref2=" + referenceVolts() + "]";
    }
}
