package org.healbms.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.healbms.core.impedance.CellImpedanceCircuit;
import org.healbms.core.impedance.ImpedanceFit;
import org.healbms.io.eis.EisCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code healbms eis-fit}: the equivalent circuit of every spectrum in impedance CSV files. */
@Command(
        name = "eis-fit",
        mixinStandardHelpOptions = true,
        description = {
            "Fit the cell equivalent circuit (L, R0, SEI arc, charge-transfer arc with Warburg) to every",
            "spectrum in impedance CSV files and print R0, R_sei, R_ct and the fit error per spectrum."
        })
public final class EisFitCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(
            paramLabel = "SPECTRA.csv",
            arity = "1..*",
            description = "CSV: Spectrum, Frequency / Hz, Real/Imaginary Impedance / mOhm")
    List<Path> files;

    @Option(
            names = "--capacity-ah",
            defaultValue = "2.995",
            description = "capacity for SoC = 1 + Net Capacity / Q, the test starting full (default: ${DEFAULT-VALUE})")
    double capacityAh;

    @Option(names = "--json", description = "print the fits as one JSON object on the last line of stdout")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode all = out.putArray("spectra");
        List<Double> errors = new ArrayList<>();
        for (Path file : files) {
            System.out.printf(
                    "%s%n%-10s %6s %5s %8s %8s %8s %8s %8s %7s %12s%n",
                    file.getFileName(),
                    "spectrum",
                    "V",
                    "SoC",
                    "R0/mOhm",
                    "Rsei",
                    "Rct",
                    "tau_ct/s",
                    "sigma",
                    "error",
                    "R0+Rsei+Rct");
            for (EisCsv.Spectrum s : EisCsv.read(file)) {
                ImpedanceFit.Result fit;
                try {
                    fit = ImpedanceFit.fit(s.samples());
                } catch (IllegalArgumentException e) {
                    System.out.printf("%-10s skipped: %s%n", s.id(), e.getMessage());
                    continue;
                }
                CellImpedanceCircuit c = fit.circuit();
                double soc = 1 + s.netChargeAh() / capacityAh;
                errors.add(fit.relativeRmsError());
                System.out.printf(
                        "%-10s %6.3f %5.2f %8.2f %8.2f %8.2f %8.3f %8.4f %6.2f%% %12.2f%n",
                        s.id(),
                        s.voltageV(),
                        soc,
                        1e3 * c.ohmicOhm(),
                        1e3 * c.seiOhm(),
                        1e3 * c.chargeTransferOhm(),
                        c.chargeTransferTauS(),
                        c.warburgOhmPerSqrtS(),
                        100 * fit.relativeRmsError(),
                        1e3 * (c.ohmicOhm() + c.seiOhm() + c.chargeTransferOhm()));
                ObjectNode o = all.addObject();
                o.put("file", file.getFileName().toString());
                o.put("spectrum", s.id());
                JsonFigures.put(o, "voltage_v", s.voltageV());
                JsonFigures.put(o, "soc", soc);
                o.put("inductance_h", c.inductanceH());
                o.put("r0_ohm", c.ohmicOhm());
                o.put("r_sei_ohm", c.seiOhm());
                o.put("r_ct_ohm", c.chargeTransferOhm());
                o.put("tau_ct_s", c.chargeTransferTauS());
                o.put("n_ct", c.chargeTransferN());
                o.put("warburg_ohm_per_sqrt_s", c.warburgOhmPerSqrtS());
                o.put("relative_rms_error", fit.relativeRmsError());
            }
        }
        errors.sort(null);
        double median = errors.isEmpty() ? Double.NaN : errors.get(errors.size() / 2);
        double worst = errors.isEmpty() ? Double.NaN : errors.getLast();
        System.out.printf(
                "%d spectra: fit error (RMS of |Z_model - Z|/|Z|) median %.2f %%, worst %.2f %%%n",
                errors.size(), 100 * median, 100 * worst);
        if (json) {
            JsonFigures.put(out, "median_relative_rms_error", median);
            JsonFigures.put(out, "worst_relative_rms_error", worst);
            System.out.println(JSON.writeValueAsString(out));
        }
        return 0;
    }
}
