package org.healbms.sim.plant;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.thermal.TwoNodeThermalModel;
import org.healbms.io.cell.CellParameterFile;
import org.healbms.sim.plant.ageing.CellAgeing;

/** The bundled NCR18650PF cell file and a pack's thermal mounting, for plant tests. */
final class PlantCells {

    /** An 18650 in a pack: 40 J/K core, 6.5 J/K can, 2 K/W between them, 15 K/W to the air. */
    static final TwoNodeThermalModel IN_PACK = new TwoNodeThermalModel(40, 6.5, 2.0, 15.0);

    private static final String BUNDLED = "/org/healbms/io/cell/NCR18650PF_25degC.cell.json";
    private static CellParameters bundled;

    private PlantCells() {}

    static synchronized CellParameters ncr18650pf() {
        if (bundled == null) {
            try (InputStream in = PlantCells.class.getResourceAsStream(BUNDLED)) {
                Path file = Files.createTempFile("plant", ".cell.json");
                Files.write(file, in.readAllBytes());
                bundled = CellParameterFile.read(file).parameters();
                Files.delete(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bundled;
    }

    /** A nominal cell (no variation) at a state of charge and temperature. */
    static AgeingCell nominal(double soc, double degC) {
        return new AgeingCell(
                ncr18650pf(), IN_PACK, CellVariation.NOMINAL, new CellAgeing(CellVariation.NOMINAL.rates()), soc, degC);
    }
}
