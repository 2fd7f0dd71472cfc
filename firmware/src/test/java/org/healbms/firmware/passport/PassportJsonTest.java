package org.healbms.firmware.passport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PassportJsonTest {

    @Test
    void aPassportRoundTripsAndUnknownFiguresAreNull() throws Exception {
        Passport p = PassportFixture.twoCells();
        ObjectNode json = PassportJson.write(p);
        assertThat(json.at("/health/1/eis_ohmic_increase_percent").isNull()).isTrue();
        assertThat(json.at("/story/pack/equivalent_full_cycles").asDouble()).isEqualTo(59 / 5.8);
        assertThat(json.at("/story/protection_faults/cell_overvoltage/count").asLong()).isEqualTo(1);
        Passport back = PassportJson.read(new ObjectMapper().readTree(json.toString()));
        assertThat(back).isEqualTo(p);
    }

    @Test
    void aDamagedFieldIsNamed() {
        ObjectNode json = PassportJson.write(PassportFixture.twoCells());
        ((ObjectNode) json.at("/story/cells/1")).put("charge_ah", "lots");
        assertThatThrownBy(() -> PassportJson.read(json)).isInstanceOf(IOException.class)
                .hasMessage("passport: charge_ah is not a number: \"lots\"");
        ((ObjectNode) json.at("/story/cells/1")).put("charge_ah", -3);
        assertThatThrownBy(() -> PassportJson.read(json)).hasMessageContaining("must be finite and >= 0, got -3.0");
    }
}
