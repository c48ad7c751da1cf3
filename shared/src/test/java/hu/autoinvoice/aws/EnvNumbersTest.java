package hu.autoinvoice.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvNumbersTest {

    @Test
    void aSetNumberIsReadTrimmedAndAnUnsetOrBlankOneFallsBack() {
        assertThat(EnvNumbers.wholeNumber(Map.of("N", " 12 "), "N", 4)).isEqualTo(12);
        assertThat(EnvNumbers.wholeNumber(Map.of(), "N", 4)).isEqualTo(4);
        assertThat(EnvNumbers.wholeNumber(Map.of("N", "  "), "N", 4)).isEqualTo(4);
    }

    @Test
    void anythingElseStopsTheFunctionNamingTheVariable() {
        for (String bad : new String[] {"x", "1.5", "99999999999"}) {
            assertThatThrownBy(() -> EnvNumbers.wholeNumber(Map.of("ISSUER_ACCOUNT_SHARE", bad), "ISSUER_ACCOUNT_SHARE", 4))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ISSUER_ACCOUNT_SHARE must be a whole number, got '" + bad + "'");
        }
    }
}
