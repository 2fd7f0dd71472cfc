package org.healbms.core.reading;

import java.util.Arrays;
import java.util.List;

/**
 * Where each cell's values sit in a frame layout: its voltage channel, its temperature channel (the
 * first one the board assigns to that cell) and the pack current. Worked out once per layout, so a
 * tick indexes arrays instead of searching names.
 */
public record FrameChannels(int[] cellVoltage, int[] cellTemperature, int packCurrent) {

    public static FrameChannels of(List<Channel> layout, int cells) {
        int[] voltage = new int[cells];
        int[] temperature = new int[cells];
        Arrays.fill(voltage, -1);
        Arrays.fill(temperature, -1);
        int current = -1;
        for (int i = 0; i < layout.size(); i++) {
            Channel c = layout.get(i);
            int cell = c.cell() - 1;
            if (c.kind() == ChannelKind.CELL_VOLTAGE && cell >= 0 && cell < cells && voltage[cell] < 0) {
                voltage[cell] = i;
            } else if (c.kind() == ChannelKind.TEMPERATURE && cell >= 0 && cell < cells && temperature[cell] < 0) {
                temperature[cell] = i;
            } else if (c.kind() == ChannelKind.PACK_CURRENT && current < 0) {
                current = i;
            }
        }
        for (int k = 0; k < cells; k++) {
            if (voltage[k] < 0) {
                throw new IllegalArgumentException("cell " + (k + 1) + " has no voltage channel on this board");
            }
        }
        return new FrameChannels(voltage, temperature, current);
    }

    public int cells() {
        return cellVoltage.length;
    }
}
