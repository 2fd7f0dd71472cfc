package org.healbms.drivers.ltc681x;

/**
 * An 11-bit LTC681x command code (fact sheet section 1, "Commands"), with a name for error
 * messages. On the wire it is {@code CMD0 CMD1 PEC0 PEC1}, CMD0 holding bits 10..8.
 */
public record Command(int code, String name) {

    /** CH = 000 converts every cell (ADCV, ADOW) and CHG / CHST = 000 every channel (ADAX, ADSTAT). */
    public static final int ALL = 0;

    public static final Command CLRCELL = new Command(0x711, "CLRCELL");
    public static final Command CLRAUX = new Command(0x712, "CLRAUX");
    public static final Command CLRSTAT = new Command(0x713, "CLRSTAT");
    public static final Command PLADC = new Command(0x714, "PLADC");

    public Command {
        if (code < 0 || code > 0x7FF) {
            throw new IllegalArgumentException("command code 0x%X is not 11 bits".formatted(code));
        }
    }

    /** ADCV: convert cell voltages. {@code dischargePermitted} is DCP, {@code cells} is CH (0..6). */
    public static Command adcv(AdcMode mode, boolean dischargePermitted, int cells) {
        return new Command(0x260 | mode.md() << 7 | bit(dischargePermitted) << 4 | field("CH", cells, 6), "ADCV");
    }

    /** ADAX: convert GPIOs and the second reference. {@code channels} is CHG (0..5). */
    public static Command adax(AdcMode mode, int channels) {
        return new Command(0x460 | mode.md() << 7 | field("CHG", channels, 5), "ADAX");
    }

    /** ADSTAT: convert sum of cells, die temperature and supplies. {@code channels} is CHST (0..4). */
    public static Command adstat(AdcMode mode, int channels) {
        return new Command(0x468 | mode.md() << 7 | field("CHST", channels, 4), "ADSTAT");
    }

    /** ADOW: cell conversion with 100 uA pull-up ({@code pullUp}, PUP = 1) or pull-down currents. */
    public static Command adow(AdcMode mode, boolean pullUp, boolean dischargePermitted, int cells) {
        return new Command(
                0x228 | mode.md() << 7 | bit(pullUp) << 6 | bit(dischargePermitted) << 4 | field("CH", cells, 6),
                pullUp ? "ADOW(PUP=1)" : "ADOW(PUP=0)");
    }

    /** CVST: fill the cell registers with self-test pattern {@code selfTest} (ST = 1 or 2). */
    public static Command cvst(AdcMode mode, int selfTest) {
        if (selfTest != 1 && selfTest != 2) {
            throw new IllegalArgumentException("self-test ST must be 1 or 2, was " + selfTest);
        }
        return new Command(0x207 | mode.md() << 7 | selfTest << 5, "CVST" + selfTest);
    }

    /** The four bytes sent: command and its PEC. */
    public byte[] frame() {
        byte[] frame = new byte[4];
        frame[0] = (byte) (code >> 8);
        frame[1] = (byte) code;
        Pec15.append(frame, 0, 2);
        return frame;
    }

    private static int bit(boolean value) {
        return value ? 1 : 0;
    }

    private static int field(String name, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("%s must be 0..%d, was %d".formatted(name, max, value));
        }
        return value;
    }
}
