package org.healbms.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.healbms.core.health.CapacityCheckup;
import org.healbms.core.health.CapacityFadeForecast;
import org.healbms.core.health.CapacityFadeForecaster;
import org.healbms.core.health.CapacityPrediction;
import org.healbms.core.health.CapacityThresholdCrossing;
import org.healbms.core.health.FadeForecastBacktest;
import org.healbms.core.health.FadeLaw;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code healbms forecast}: capacity fade forecast per cell from check-up histories, and its backtest. */
@Command(
        name = "forecast",
        mixinStandardHelpOptions = true,
        description = {
            "Forecast each cell's capacity N cycles past its last check-up, and the cycle at which it",
            "reaches 80 %% of its first check-up's capacity, from a CSV with columns cell_id,cycle,capacity_Ah.",
            "Cycles are used as the file counts them (equivalent cycles if the file says so).",
            "--backtest instead forecasts from every history prefix and scores against the later check-ups.",
            "With --json the last line of stdout is one JSON object; capacities in Ah, errors in percent."
        })
public final class ForecastCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "FILE", description = "check-up history CSV (cell_id,cycle,capacity_Ah)")
    Path file;

    @Option(
            names = "--ahead",
            paramLabel = "N",
            defaultValue = "50",
            description = "cycles past the last check-up (default: ${DEFAULT-VALUE})")
    double ahead;

    @Option(names = "--cell", paramLabel = "ID", description = "forecast only this cell")
    String cell;

    @Option(names = "--backtest", description = "score forecasts from every history prefix against later check-ups")
    boolean backtest;

    @Option(
            names = "--min-checkups",
            paramLabel = "K",
            defaultValue = "3",
            description = "shortest history prefix the backtest forecasts from (default: ${DEFAULT-VALUE})")
    int minCheckups;

    @Option(
            names = "--law",
            paramLabel = "LAW",
            defaultValue = "RECENT_LINEAR",
            description =
                    "fade law: RECENT_LINEAR (the trend through the last two check-ups), LINEAR, SQRT_LINEAR,"
                            + " SQRT_LINEAR_KNEE, or AUTO (chosen per cell by the held-out latest check-up); default ${DEFAULT-VALUE}")
    String law;

    @Option(names = "--json", description = "print the result as one JSON object on the last line of stdout")
    boolean json;

    private FadeLaw fadeLaw() {
        if ("AUTO".equalsIgnoreCase(law)) {
            return null;
        }
        try {
            return FadeLaw.valueOf(law.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--law must be one of " + Arrays.toString(FadeLaw.values()) + " or AUTO, got " + law);
        }
    }

    @Override
    public Integer call() throws IOException {
        if (!(ahead > 0) || Double.isInfinite(ahead)) {
            throw new IllegalArgumentException("--ahead must be a finite number of cycles > 0, got " + ahead);
        }
        Map<String, List<CapacityCheckup>> histories = CapacityHistoryCsv.read(file);
        if (cell != null) {
            List<CapacityCheckup> one = histories.get(cell);
            if (one == null) {
                throw new IllegalArgumentException(file + ": no cell " + cell);
            }
            histories = Map.of(cell, one);
        }
        CapacityFadeForecaster forecaster = new CapacityFadeForecaster(fadeLaw());
        if (backtest) {
            backtest(System.out, forecaster, histories);
        } else {
            forecast(System.out, forecaster, histories);
        }
        return 0;
    }

    private void forecast(
            PrintStream out, CapacityFadeForecaster forecaster, Map<String, List<CapacityCheckup>> histories)
            throws IOException {
        ObjectNode result = JSON.createObjectNode();
        result.put("ahead_cycles", ahead);
        ArrayNode cells = result.putArray("cells");
        for (var entry : histories.entrySet()) {
            List<CapacityCheckup> history = entry.getValue();
            CapacityCheckup last = history.getLast();
            ObjectNode c = cells.addObject();
            c.put("cell_id", entry.getKey());
            c.put("checkups", history.size());
            c.put("last_cycle", last.cycle());
            c.put("capacity_now_ah", last.capacityAh());
            if (history.size() < 2) {
                out.printf(
                        "%s: 1 check-up (%.4f Ah at cycle %.0f): too few to forecast%n",
                        entry.getKey(), last.capacityAh(), last.cycle());
                c.putNull("forecast");
                continue;
            }
            CapacityFadeForecast f = forecaster.forecast(history, last.cycle() + ahead);
            CapacityPrediction p = f.prediction();
            CapacityThresholdCrossing eol = f.endOfLife();
            double ref = f.referenceCapacityAh();
            out.printf(
                    "%s: now %.4f Ah (%.1f %%) at cycle %.0f; %s; at cycle %.0f: %.4f Ah (%.1f %%), "
                            + "95 %% [%.4f, %.4f] Ah; 80 %% %s%n",
                    entry.getKey(),
                    last.capacityAh(),
                    100 * last.capacityAh() / ref,
                    last.cycle(),
                    lawText(f),
                    p.cycle(),
                    p.capacityAh(),
                    100 * p.capacityAh() / ref,
                    p.lowerAh(),
                    p.upperAh(),
                    eolText(eol));
            c.put("reference_capacity_ah", ref);
            ObjectNode fc = c.putObject("forecast");
            fc.put("law", f.fit().law().name());
            JsonFigures.put(fc, "knee_cycle", f.fit().kneeCycle());
            fc.put("cycle", p.cycle());
            fc.put("capacity_ah", p.capacityAh());
            fc.put("sigma_ah", p.sigmaAh());
            fc.put("lower95_ah", p.lowerAh());
            fc.put("upper95_ah", p.upperAh());
            ObjectNode e = c.putObject("end_of_life_80pct");
            e.put("status", eol.status().name());
            JsonFigures.put(e, "cycle", eol.cycle());
            JsonFigures.put(e, "earliest_cycle", eol.earliestCycle());
            JsonFigures.put(e, "latest_cycle", eol.latestCycle());
            e.put("horizon_cycle", eol.horizonCycle());
        }
        if (json) {
            out.println(JSON.writeValueAsString(result));
        }
    }

    private static String lawText(CapacityFadeForecast f) {
        return f.fit().law().hasKnee()
                ? String.format(
                        "law %s (knee at cycle %.0f)", f.fit().law(), f.fit().kneeCycle())
                : "law " + f.fit().law();
    }

    private static String eolText(CapacityThresholdCrossing eol) {
        return switch (eol.status()) {
            case REACHED -> String.format("reached at cycle %.0f", eol.cycle());
            case PREDICTED ->
                String.format(
                        "at cycle %.0f, 95 %% [%.0f, %s]",
                        eol.cycle(),
                        eol.earliestCycle(),
                        Double.isInfinite(eol.latestCycle())
                                ? "beyond " + Math.round(eol.horizonCycle())
                                : String.valueOf(Math.round(eol.latestCycle())));
            case NOT_WITHIN_HORIZON -> String.format("not within horizon (cycle %.0f)", eol.horizonCycle());
        };
    }

    private void backtest(
            PrintStream out, CapacityFadeForecaster forecaster, Map<String, List<CapacityCheckup>> histories)
            throws IOException {
        FadeForecastBacktest test = new FadeForecastBacktest(forecaster, minCheckups, ahead);
        List<FadeForecastBacktest.Outcome> all = new ArrayList<>();
        Map<FadeLaw, Integer> laws = new EnumMap<>(FadeLaw.class);
        for (List<CapacityCheckup> history : histories.values()) {
            for (FadeForecastBacktest.Outcome o : test.run(history)) {
                all.add(o);
                laws.merge(o.law(), 1, Integer::sum);
            }
        }
        FadeForecastBacktest.Summary s = FadeForecastBacktest.Summary.of(all);
        out.printf(
                "%s: %d cells, forecasts %.0f cycles ahead from every history of >= %d check-ups "
                        + "(cycle column used as the cycle count)%n",
                file.getFileName(), histories.size(), ahead, minCheckups);
        out.printf(
                "  %d forecasts scored; absolute error in %% of reference capacity: mean %.3f, median %.3f, "
                        + "p95 %.3f, max %.3f; 95 %% interval coverage %.3f%n",
                s.count(),
                s.meanAbsErrorPercent(),
                s.medianAbsErrorPercent(),
                s.p95AbsErrorPercent(),
                s.maxAbsErrorPercent(),
                s.coverage95());
        out.printf("  laws chosen: %s%n", laws);
        if (json) {
            ObjectNode o = JSON.createObjectNode();
            o.put("cells", histories.size());
            o.put("ahead_cycles", ahead);
            o.put("min_checkups", minCheckups);
            o.put("count", s.count());
            o.put("mae_percent", s.meanAbsErrorPercent());
            o.put("median_abs_error_percent", s.medianAbsErrorPercent());
            o.put("p95_abs_error_percent", s.p95AbsErrorPercent());
            o.put("max_abs_error_percent", s.maxAbsErrorPercent());
            o.put("coverage95", s.coverage95());
            ObjectNode chosen = o.putObject("laws");
            laws.forEach((law, n) -> chosen.put(law.name(), n));
            out.println(JSON.writeValueAsString(o));
        }
    }
}
