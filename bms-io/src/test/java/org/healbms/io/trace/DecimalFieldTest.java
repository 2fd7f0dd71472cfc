package org.healbms.io.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalFieldTest {

    private static double parse(String text) {
        char[] padded = (" x" + text + "y ").toCharArray();
        return DecimalField.parse(padded, 2, text.length());
    }

    private static void assertSameAsJava(String text) {
        assertThat(Double.doubleToRawLongBits(parse(text)))
                .as(text)
                .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }

    @Test
    void plainDecimalsAreTheCorrectlyRoundedDouble() {
        Random random = new Random(18);
        for (int n = 0; n < 500_000; n++) {
            StringBuilder text = new StringBuilder();
            int sign = random.nextInt(3);
            text.append(sign == 0 ? "-" : sign == 1 ? "+" : "");
            int whole = random.nextInt(8);
            int fraction = random.nextInt(22);
            for (int k = 0; k < whole; k++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
            if (fraction > 0 || whole == 0 || random.nextBoolean()) {
                text.append('.');
            }
            for (int k = 0; k < fraction || whole + k == 0; k++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
            assertSameAsJava(text.toString());
        }
    }

    @Test
    void edgesOfTheFastPathAndEveryOtherFormAreStillRight() {
        for (String text : List.of(
                "0",
                "-0",
                "-0.000",
                ".5",
                "5.",
                "4.18123",
                "-0.04981",
                "14103.979",
                "9007199254740992",
                "9007199254740993",
                "0.9007199254740993",
                "123456789012345678",
                "1234567890123456789",
                "0.1234567890123456789012",
                "0.0000000000000000000001",
                "0.00000000000000000000001",
                "1.5e-4",
                "-2.25E+5",
                "1e308",
                "NaN",
                "-Infinity")) {
            assertSameAsJava(text);
        }
    }

    @Test
    void whatIsNotANumberIsRefused() {
        for (String text : List.of("-", "+", ".", "4.1x", "1.2.3", "--1", "1-", "4,1")) {
            assertThatThrownBy(() -> parse(text)).as(text).isInstanceOf(NumberFormatException.class);
        }
    }
}
