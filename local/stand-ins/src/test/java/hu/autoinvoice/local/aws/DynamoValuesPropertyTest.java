package hu.autoinvoice.local.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Properties of how {@link FakeDynamoDb} writes numbers back and orders key values (QuickTheories). */
class DynamoValuesPropertyTest {

    @Test
    void numbersComeBackEqualInDynamoDbsPlainNormalForm() {
        qt().forAll(longs().between(-1_000_000_000_000_000L, 1_000_000_000_000_000L), integers().between(-40, 40))
                .checkAssert((mantissa, scale) -> {
                    BigDecimal given = new BigDecimal(BigInteger.valueOf(mantissa), scale);
                    String written = parseAndFormat(given.toString());

                    assertThat(new BigDecimal(written)).isEqualByComparingTo(given);
                    assertThat(written).doesNotContain("E", "e", "+");
                    assertThat(written.contains(".") && written.endsWith("0")).as(written + " has trailing zeros").isFalse();
                    assertThat(parseAndFormat(written)).isEqualTo(written);
                });
    }

    @Test
    void stringKeysOrderLikeTheirUtf8Bytes() {
        qt().forAll(strings().allPossible().ofLengthBetween(0, 6), strings().allPossible().ofLengthBetween(0, 6))
                .assuming((a, b) -> wellFormed(a) && wellFormed(b))
                .checkAssert((a, b) -> assertThat(Integer.signum(DynamoValues.compareCodePoints(a, b))).isEqualTo(
                        Integer.signum(Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)))));
    }

    @Test
    void numberKeysOrderNumerically() {
        qt().forAll(longs().all(), integers().between(-10, 10), longs().all(), integers().between(-10, 10))
                .checkAssert((m1, s1, m2, s2) -> {
                    BigDecimal a = new BigDecimal(BigInteger.valueOf(m1), s1);
                    BigDecimal b = new BigDecimal(BigInteger.valueOf(m2), s2);
                    int order = new DynamoTable.KeyPart("N", DynamoValues.format(a))
                            .compareTo(new DynamoTable.KeyPart("N", DynamoValues.format(b)));
                    assertThat(Integer.signum(order)).isEqualTo(a.compareTo(b));
                });
    }

    /** No lone surrogates (they have no UTF-8 form; DynamoDB refuses them). */
    private static boolean wellFormed(String s) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(s);
    }

    private static String parseAndFormat(String text) {
        try {
            return DynamoValues.format(DynamoValues.parseNumber(text));
        } catch (AwsJsonError e) {
            throw new AssertionError(text + " refused: " + e.getMessage(), e);
        }
    }
}
