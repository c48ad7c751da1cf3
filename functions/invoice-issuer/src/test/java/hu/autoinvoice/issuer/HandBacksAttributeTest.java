package hu.autoinvoice.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handler reads how often a record was handed back from its message attribute, leniently. */
class HandBacksAttributeTest {

    private static SQSEvent.SQSMessage record(Map<String, SQSEvent.MessageAttribute> attributes) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageAttributes(attributes);
        return m;
    }

    private static SQSEvent.MessageAttribute number(String value) {
        SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
        a.setDataType("Number");
        a.setStringValue(value);
        return a;
    }

    @Test
    void theCountComesFromTheHandBacksAttributeAndIsZeroWhenAbsentOrUnreadable() {
        assertThat(InvoiceIssuerHandler.handBacks(record(Map.of(HandBacks.ATTRIBUTE, number("3"))))).isEqualTo(3);
        assertThat(InvoiceIssuerHandler.handBacks(record(null))).isZero();
        assertThat(InvoiceIssuerHandler.handBacks(record(Map.of()))).isZero();
        assertThat(InvoiceIssuerHandler.handBacks(record(Map.of(HandBacks.ATTRIBUTE, number("x"))))).isZero();
        assertThat(InvoiceIssuerHandler.handBacks(record(Map.of(HandBacks.ATTRIBUTE, number("-2"))))).isZero();
    }
}
