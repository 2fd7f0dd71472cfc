package org.healbms.core.reading;

import java.util.Arrays;
import java.util.List;

/**
 * Where each cell's values sit in a frame layout: its voltage channel, its temperature channel (the
 * first one the board assigns to that cell), a second, independent temperature channel where the
 * board has one (heating needs two that agree), its strain channel, the pack current, and an
 * ambient temperature (the first temperature channel assigned to no cell). Worked out once per
 * layout, so a tick indexes arrays instead of searching names; -1 where there is none.
 */
public record FrameChannels(
        int[] cellVoltage,
        int[] cellTemperature,
        int[] cellSecondTemperature,
        int[] cellStrain,
        int packCurrent,
        int ambientTemperature) {

    public static FrameChannels of(List<Channel> layout, int cells) {
        int[] voltage = new int[cells];
        int[] temperature = new int[cells];
        int[] second = new int[cells];
        int[] strain = new int[cells];
        Arrays.fill(voltage, -1);
        Arrays.fill(temperature, -1);
        Arrays.fill(second, -1);
        Arrays.fill(strain, -1);
        int current = -1;
        int ambient = -1;
        for (int i = 0; i < layout.size(); i++) {
            Channel c = layout.get(i);
            int cell = c.cell() - 1;
            if (c.kind() == ChannelKind.CELL_VOLTAGE && cell >= 0 && cell < cells && voltage[cell] < 0) {
                voltage[cell] = i;
            } else if (c.kind() == ChannelKind.TEMPERATURE && cell >= 0 && cell < cells && temperature[cell] < 0) {
                temperature[cell] = i;
            } else if (c.kind() == ChannelKind.TEMPERATURE && cell >= 0 && cell < cells && second[cell] < 0) {
                second[cell] = i;
            } else if (c.kind() == ChannelKind.STRAIN && cell >= 0 && cell < cells && strain[cell] < 0) {
                strain[cell] = i;
            } else if (c.kind() == ChannelKind.PACK_CURRENT && current < 0) {
                current = i;
            } else if (c.kind() == ChannelKind.TEMPERATURE && c.cell() == 0 && ambient < 0) {
                ambient = i;
            }
        }
        for (int k = 0; k < cells; k++) {
            if (voltage[k] < 0) {
                throw new IllegalArgumentException("cell " + (k + 1) + " has no voltage channel on this board");
            }
        }
        return new FrameChannels(voltage, temperature, second, strain, current, ambient);
    }

    public int cells() {
        return cellVoltage.length;
    }
}
