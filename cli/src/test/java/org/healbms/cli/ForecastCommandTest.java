package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code healbms forecast} end to end on small synthetic check-up histories. */
class ForecastCommandTest {

    @TempDir
    Path dir;

    /** Cell a fades 0.02 %/cycle from 2.0 Ah (80 % at cycle 1000); cell b is checked twice at cycle 200. */
    private Path histories() throws Exception {
        StringBuilder csv = new StringBuilder("cell_id,cycle,capacity_Ah,capacity_rel\n");
        for (int n = 0; n <= 600; n += 100) {
            csv.append("a,")
                    .append(n)
                    .append(',')
                    .append(2.0 * (1 - 0.0002 * n))
                    .append(",x\n");
        }
        csv.append("b,0,1.8,1\nb,200,1.70,x\nb,200,1.72,x\nb,400,1.63,x\n");
        Path file = dir.resolve("checkups.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void forecastsEachCellAndPrintsJsonOnTheLastLine() throws Exception {
        CliRun r = CliRun.of("forecast", histories().toString(), "--ahead", "100", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = r.json();
        assertThat(json.get("ahead_cycles").asDouble()).isEqualTo(100.0);
        JsonNode a = json.get("cells").get(0);
        assertThat(a.get("cell_id").asText()).isEqualTo("a");
        assertThat(a.get("checkups").asInt()).isEqualTo(7);
        assertThat(a.get("capacity_now_ah").asDouble()).isCloseTo(1.76, within(1e-9));
        assertThat(a.get("forecast").get("law").asText()).isEqualTo("RECENT_LINEAR");
        assertThat(a.get("forecast").get("cycle").asDouble()).isEqualTo(700.0);
        assertThat(a.get("forecast").get("capacity_ah").asDouble()).isCloseTo(1.72, within(1e-6));
        assertThat(a.get("forecast").get("lower95_ah").asDouble()).isLessThan(1.72);
        assertThat(a.get("forecast").get("upper95_ah").asDouble()).isGreaterThan(1.72);
        assertThat(a.get("end_of_life_80pct").get("status").asText()).isEqualTo("PREDICTED");
        assertThat(a.get("end_of_life_80pct").get("cycle").asDouble()).isCloseTo(1000.0, within(1.0));
        // The two check-ups at cycle 200 are one averaged check-up.
        JsonNode b = json.get("cells").get(1);
        assertThat(b.get("checkups").asInt()).isEqualTo(3);
        assertThat(r.out()).contains("a: now 1.7600 Ah").contains("80 % at cycle 1000");
    }

    @Test
    void forecastsOneCellOnRequest() throws Exception {
        CliRun r = CliRun.of("forecast", histories().toString(), "--cell", "b", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("cells")).hasSize(1);
        assertThat(r.json().get("cells").get(0).get("forecast").get("cycle").asDouble())
                .isEqualTo(450.0);
        assertThat(CliRun.of("forecast", histories().toString(), "--cell", "zz").exitCode())
                .isEqualTo(2);
    }

    @Test
    void backtestsAndReportsTheErrorFigures() throws Exception {
        CliRun r = CliRun.of("forecast", histories().toString(), "--backtest", "--ahead", "50", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = r.json();
        // Cell a: prefixes of 3..6 check-ups have a check-up past +50; cell b has only its full 3-point history,
        // whose target is past its last check-up.
        assertThat(json.get("count").asInt()).isEqualTo(4);
        assertThat(json.get("mae_percent").asDouble()).isCloseTo(0, within(1e-6));
        assertThat(json.get("coverage95").asDouble()).isEqualTo(1.0);
        assertThat(r.out()).contains("4 forecasts scored");
    }

    @Test
    void namesFileLineAndProblemOfAMalformedRow() throws Exception {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "cell_id,cycle,capacity_Ah\na,0,1.8\na,100,one point seven\n");
        CliRun r = CliRun.of("forecast", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("bad.csv line 3").contains("capacity_Ah is not a number");

        Files.writeString(file, "cell_id,cycle,capacity_Ah\na,0,1.8\na,100,-1.7\n");
        r = CliRun.of("forecast", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("bad.csv line 3").contains("> 0 Ah");

        Files.writeString(file, "cell,cycle,capacity_Ah\na,0,1.8\n");
        r = CliRun.of("forecast", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("line 1").contains("no column cell_id");
    }
}
