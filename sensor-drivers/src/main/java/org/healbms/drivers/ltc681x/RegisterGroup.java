package org.healbms.drivers.ltc681x;

/**
 * A 6-byte register group and the commands that read (and, for the configuration, write) it
 * (fact sheet section 1, "Commands"). A read returns 6 data bytes plus PEC per IC.
 */
public enum RegisterGroup {
    CFGA(0x002, 0x001),
    CFGB(0x026, 0x024),
    CVA(0x004),
    CVB(0x006),
    CVC(0x008),
    CVD(0x00A),
    CVE(0x009),
    CVF(0x00B),
    AUXA(0x00C),
    AUXB(0x00E),
    AUXC(0x00D),
    AUXD(0x00F),
    STATA(0x010);

    private static final int READ_ONLY = -1;

    private final int readCode;
    private final int writeCode;

    RegisterGroup(int readCode) {
        this(readCode, READ_ONLY);
    }

    RegisterGroup(int readCode, int writeCode) {
        this.readCode = readCode;
        this.writeCode = writeCode;
    }

    public Command readCommand() {
        return new Command(readCode, "RD" + name());
    }

    public Command writeCommand() {
        if (writeCode == READ_ONLY) {
            throw new IllegalArgumentException("register group " + name() + " is read-only");
        }
        return new Command(writeCode, "WR" + name());
    }
}
