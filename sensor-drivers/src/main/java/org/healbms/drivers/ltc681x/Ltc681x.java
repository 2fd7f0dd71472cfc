package org.healbms.drivers.ltc681x;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.DeviceClock;
import org.healbms.drivers.bus.SpiTarget;

/**
 * Driver for a daisy chain of LTC6811-1 or LTC6813-1 cell monitors on one SPI chip select (mode 3,
 * through an LTC6820 isoSPI bridge). Every list it returns is indexed by chain position, 0 = the IC
 * nearest the host.
 *
 * <p>Conversions: the driver sends the command, waits the conversion time of the mode (fact sheet
 * timing table, {@link AdcMode#allCellConversionTime}), then polls PLADC until the whole chain
 * reports done; a chain that is still converting after ten more tenths of that time is a
 * {@link BusException}. Cell registers are cleared (CLRCELL) before each conversion, so a register
 * the conversion did not refresh reads 0xFFFF (no data) instead of an old value.
 *
 * <p>Write {@link #writeConfiguration} first after power-up or a watchdog sleep: it sets ADCOPT to
 * match the chain's {@link AdcMode} and REFON; both are lost when the chain falls asleep.
 */
public final class Ltc681x {

    private static final int PLADC_POLLS = 10;
    private static final int SELF_TEST_1 = 0x9555;
    private static final int SELF_TEST_2 = 0x6AAA;

    private final ChainSettings settings;
    private final IsoSpiChain chain;

    public Ltc681x(SpiTarget target, ChainSettings settings, DeviceClock time) {
        this.settings = settings;
        this.chain = new IsoSpiChain(target, settings.icCount(), settings.spiClockHz(), time);
    }

    /** Wakes every IC from sleep (one 300 us CS-low pulse per IC); operations also do this when needed. */
    public void wakeUp() throws BusException {
        chain.wakeFromSleep();
    }

    /**
     * Whether the chain may have slept since its last command (its watchdog's 1.8 s at the earliest, taken
     * as 1.5 s): a chain that slept has its configuration back at the power-up defaults.
     */
    public boolean mayHaveSlept() {
        return chain.asleep();
    }

    /** Writes CFGRA (and CFGRB on an LTC6813) of every IC; {@code perIc.get(0)} is the nearest IC. */
    public void writeConfiguration(List<IcConfiguration> perIc) throws BusException {
        requireOnePerIc(perIc);
        List<byte[]> groupA = new ArrayList<>();
        List<byte[]> groupB = new ArrayList<>();
        for (IcConfiguration config : perIc) {
            groupA.add(ConfigurationRegisters.groupA(config, settings.adcMode().adcOpt(), settings.variant()));
            groupB.add(ConfigurationRegisters.groupB(config));
        }
        chain.write(RegisterGroup.CFGA, groupA);
        if (settings.variant().hasConfigurationB()) {
            chain.write(RegisterGroup.CFGB, groupB);
        }
    }

    public List<ConfigurationReadback> readConfiguration() throws BusException {
        List<byte[]> groupA = chain.read(RegisterGroup.CFGA);
        List<byte[]> groupB = settings.variant().hasConfigurationB() ? chain.read(RegisterGroup.CFGB) : null;
        List<ConfigurationReadback> readbacks = new ArrayList<>();
        for (int ic = 0; ic < chain.icCount(); ic++) {
            readbacks.add(ConfigurationRegisters.decode(
                    ic, groupA.get(ic), groupB == null ? null : groupB.get(ic), settings.variant()));
        }
        return readbacks;
    }

    /**
     * Converts all cells of every IC (ADCV, DCP = 0: balancing pauses during the conversion so its
     * IR drop does not bias the reading) and reads them.
     */
    public List<CellVoltages> measureCellVoltages() throws BusException {
        AdcMode mode = settings.adcMode();
        chain.command(Command.CLRCELL);
        convert(Command.adcv(mode, false, Command.ALL), mode);
        return readCellVoltages();
    }

    /** Reads the cell registers as they are (after a conversion started elsewhere). */
    public List<CellVoltages> readCellVoltages() throws BusException {
        List<List<byte[]>> perIc = readGroups(settings.variant().cellGroups());
        List<CellVoltages> cells = new ArrayList<>();
        for (int ic = 0; ic < perIc.size(); ic++) {
            cells.add(CellVoltages.decode(ic, perIc.get(ic)));
        }
        return cells;
    }

    /** Converts and reads every GPIO and Vref2 (ADAX, all channels). */
    public List<AuxVoltages> measureAuxVoltages() throws BusException {
        AdcMode mode = settings.adcMode();
        chain.command(Command.CLRAUX);
        convert(Command.adax(mode, Command.ALL), mode);
        List<List<byte[]>> perIc = readGroups(settings.variant().auxGroups());
        List<AuxVoltages> aux = new ArrayList<>();
        for (int ic = 0; ic < perIc.size(); ic++) {
            aux.add(AuxVoltages.decode(ic, perIc.get(ic), settings.variant().gpioCount()));
        }
        return aux;
    }

    /** Converts and reads the sum of cells, die temperature and analog supply (ADSTAT, all; STATA). */
    public List<CellMonitorStatus> measureStatus() throws BusException {
        AdcMode mode = settings.adcMode();
        chain.command(Command.CLRSTAT);
        convert(Command.adstat(mode, Command.ALL), mode);
        List<byte[]> stata = chain.read(RegisterGroup.STATA);
        List<CellMonitorStatus> status = new ArrayList<>();
        for (int ic = 0; ic < stata.size(); ic++) {
            status.add(CellMonitorStatus.decode(ic, stata.get(ic), settings.variant()));
        }
        return status;
    }

    /**
     * The datasheet open-wire check, confirmed: ADOW PUP = 1 twice and read, ADOW PUP = 0 twice and
     * read, then {@link OpenWireDetector}. Two conversions per direction is the fact sheet's count for
     * the 7 kHz mode it runs in (the 100 uA currents need that long to drag a floating input's filter
     * capacitor). Cell registers hold ADOW results afterwards, not plain measurements.
     *
     * <p>The rule compares a cell read in the pull-up half with the same cell read in the pull-down
     * half, milliseconds later; a cell whose voltage rose by more than 400 mV in between (a load
     * released, a charger started: more between the halves on a busy host, where the waits stretch)
     * looks like an open input. An open wire stays open, so an input found open is checked once more
     * and reported only if the second check finds it open too, or cannot judge it
     * ({@link OpenWireResult#confirmedBy}).
     */
    public List<OpenWireResult> checkOpenWires() throws BusException {
        List<OpenWireResult> first = openWireCheck();
        if (first.stream().allMatch(r -> r.openInputs().isEmpty())) {
            return first;
        }
        List<OpenWireResult> second = openWireCheck();
        List<OpenWireResult> confirmed = new ArrayList<>();
        for (int ic = 0; ic < first.size(); ic++) {
            confirmed.add(
                    first.get(ic).confirmedBy(second.get(ic), settings.variant().cellCount()));
        }
        return confirmed;
    }

    private List<OpenWireResult> openWireCheck() throws BusException {
        AdcMode mode = settings.adcMode().diagnosticMode();
        List<CellVoltages> pullUp = openWireConversions(mode, true);
        List<CellVoltages> pullDown = openWireConversions(mode, false);
        List<OpenWireResult> results = new ArrayList<>();
        for (int ic = 0; ic < pullUp.size(); ic++) {
            results.add(OpenWireDetector.evaluate(pullUp.get(ic), pullDown.get(ic)));
        }
        return results;
    }

    /**
     * CVST self test of the ADC digital filters and cell registers: pattern 1 must read 0x9555 and
     * pattern 2 0x6AAA in every cell (fact sheet, 7 kHz; the 3 kHz mode has the same patterns).
     */
    public List<SelfTestResult> selfTest() throws BusException {
        AdcMode mode = settings.adcMode().diagnosticMode();
        List<List<Integer>> failed = new ArrayList<>();
        for (int ic = 0; ic < chain.icCount(); ic++) {
            failed.add(new ArrayList<>());
        }
        for (int pass = 1; pass <= 2; pass++) {
            int expected = pass == 1 ? SELF_TEST_1 : SELF_TEST_2;
            chain.command(Command.CLRCELL);
            convert(Command.cvst(mode, pass), mode);
            List<CellVoltages> cells = readCellVoltages();
            for (CellVoltages ic : cells) {
                int[] codes = ic.codes();
                for (int i = 0; i < codes.length; i++) {
                    if (codes[i] != expected && !failed.get(ic.ic()).contains(i + 1)) {
                        failed.get(ic.ic()).add(i + 1);
                    }
                }
            }
        }
        List<SelfTestResult> results = new ArrayList<>();
        for (int ic = 0; ic < failed.size(); ic++) {
            results.add(new SelfTestResult(ic, failed.get(ic)));
        }
        return results;
    }

    private List<CellVoltages> openWireConversions(AdcMode mode, boolean pullUp) throws BusException {
        chain.command(Command.CLRCELL);
        for (int run = 0; run < 2; run++) {
            convert(Command.adow(mode, pullUp, false, Command.ALL), mode);
        }
        return readCellVoltages();
    }

    private void convert(Command command, AdcMode mode) throws BusException {
        Duration expected = mode.allCellConversionTime(settings.variant());
        chain.command(command);
        chain.pause(expected);
        Duration pollInterval = expected.dividedBy(PLADC_POLLS);
        for (int poll = 0; !chain.conversionDone(); poll++) {
            if (poll == PLADC_POLLS) {
                throw new BusException("%s: %s still converting %s after its expected %s"
                        .formatted(chain.name(), command.name(), pollInterval.multipliedBy(PLADC_POLLS), expected));
            }
            chain.pause(pollInterval);
        }
    }

    /** Reads each group and regroups the blocks per IC: result.get(ic) = that IC's blocks in group order. */
    private List<List<byte[]>> readGroups(List<RegisterGroup> groups) throws BusException {
        List<List<byte[]>> perIc = new ArrayList<>();
        for (int ic = 0; ic < chain.icCount(); ic++) {
            perIc.add(new ArrayList<>());
        }
        for (RegisterGroup group : groups) {
            List<byte[]> blocks = chain.read(group);
            for (int ic = 0; ic < blocks.size(); ic++) {
                perIc.get(ic).add(blocks.get(ic));
            }
        }
        return perIc;
    }

    private void requireOnePerIc(List<?> perIc) {
        if (perIc.size() != chain.icCount()) {
            throw new IllegalArgumentException("%s: %d configurations for a chain of %d ICs"
                    .formatted(chain.name(), perIc.size(), chain.icCount()));
        }
    }
}
