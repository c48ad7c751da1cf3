package hu.autoinvoice.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** The container keeps enough idle connections per host for a whole batch's calls (docs/PERFORMANCE.md). */
class AwsClientsKeepAliveTest {

    @Test
    void keepsMoreIdleConnectionsThanABatchHasRecords() {
        assertThat(AwsClients.KEEP_ALIVE_CONNECTIONS).isGreaterThanOrEqualTo(10);
    }

    @Test
    void setsTheJdkPropertyWhenTheClassIsLoadedUnlessItWasSet() {
        try (AwsClients clients = AwsClients.forRegion(Region.EU_CENTRAL_1)) { // loads the class; builds no client
            assertThat(clients).isNotNull();
        }
        String value = System.getProperty(AwsClients.MAX_CONNECTIONS_PROPERTY);
        assertThat(value).isNotNull();
        assertThat(Integer.parseInt(value)).isGreaterThanOrEqualTo(10);
    }
}
