package org.healbms.core.identification;

import java.util.List;
import org.healbms.core.cell.CellParameters;

/**
 * Result of identification: the parameter set, and what it was built from and how well it fits.
 *
 * @param parameters  the cell parameters
 * @param ocvCurves   one identified OCV curve per low-rate test
 * @param dynamic     the fitted dynamic parameters, one set per temperature, coldest first
 * @param fits        model-versus-measured voltage, one per input test (low-rate tests first)
 * @param notes       what identification had to decide for the user: where an OCV curve was continued
 *                    beyond its test, where tests disagreed and by how much
 */
public record IdentifiedCell(
        CellParameters parameters,
        List<OcvCurve> ocvCurves,
        List<TemperatureFit> dynamic,
        List<TestFit> fits,
        List<String> notes) {}
