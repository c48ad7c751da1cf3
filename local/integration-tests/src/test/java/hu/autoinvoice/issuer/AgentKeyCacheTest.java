package hu.autoinvoice.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AgentKeyVault;
import hu.autoinvoice.account.EncryptedAgentKey;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.testing.TestKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;

/** {@link AgentKeyCache} against the KMS stand-in, counting Decrypt calls. */
@ExtendWith(LocalAwsExtension.class)
class AgentKeyCacheTest {

    private static final AgentKey FIRST = TestKeys.agentKey("cachefirst0a");
    private static final AgentKey SECOND = TestKeys.agentKey("cachesecond1");

    private final AgentKeyVault plain;
    private final AgentKeyVault counted;
    private final AtomicInteger decrypts = new AtomicInteger();
    private Instant now = Instant.parse("2026-11-27T10:00:00Z");
    private final AgentKeyCache cache;

    AgentKeyCacheTest(AwsClients aws, AppConfig config) {
        KmsClient kms = aws.kms();
        KmsClient counting = new KmsClient() {
            @Override
            public DecryptResponse decrypt(DecryptRequest request) {
                decrypts.incrementAndGet();
                return kms.decrypt(request);
            }

            @Override
            public String serviceName() {
                return kms.serviceName();
            }

            @Override
            public void close() {
            }
        };
        this.plain = new AgentKeyVault(kms, config.agentKeyKmsKeyId());
        this.counted = new AgentKeyVault(counting, config.agentKeyKmsKeyId());
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now; }
        };
        this.cache = new AgentKeyCache(counted, Duration.ofMinutes(5), clock);
    }

    @Test
    void writesThatKeepTheKeyKeepTheCachedKeyAcrossVersions() {
        EncryptedAgentKey encrypted = plain.encrypt("org-cache-1", FIRST);
        assertThat(cache.key(account("org-cache-1", encrypted, 1))).isEqualTo(FIRST);
        // the probe records every run (status, probe time): the version moves, the ciphertext does not
        assertThat(cache.key(account("org-cache-1", encrypted, 2))).isEqualTo(FIRST);
        assertThat(cache.key(account("org-cache-1", EncryptedAgentKey.of(encrypted.bytes()), 7))).isEqualTo(FIRST);
        assertThat(decrypts).hasValue(1);
    }

    @Test
    void aReconnectWithANewKeyIsDecryptedAtOnce() {
        assertThat(cache.key(account("org-cache-2", plain.encrypt("org-cache-2", FIRST), 1))).isEqualTo(FIRST);
        assertThat(cache.key(account("org-cache-2", plain.encrypt("org-cache-2", SECOND), 2))).isEqualTo(SECOND);
        assertThat(decrypts).hasValue(2);
    }

    @Test
    void theTtlAndForgetBothDropTheKey() {
        EncryptedAgentKey encrypted = plain.encrypt("org-cache-3", FIRST);
        cache.key(account("org-cache-3", encrypted, 1));
        now = now.plus(Duration.ofMinutes(4));
        cache.key(account("org-cache-3", encrypted, 1));
        assertThat(decrypts).as("within the TTL").hasValue(1);
        now = now.plus(Duration.ofMinutes(2));
        cache.key(account("org-cache-3", encrypted, 1));
        assertThat(decrypts).as("after the TTL").hasValue(2);
        cache.forget("org-cache-3");
        cache.key(account("org-cache-3", encrypted, 1));
        assertThat(decrypts).as("after forget").hasValue(3);
    }

    @Test
    void expiredKeysAreDroppedEvenForAccountsNeverAskedForAgain() {
        cache.key(account("org-cache-4", plain.encrypt("org-cache-4", FIRST), 1));
        cache.key(account("org-cache-5", plain.encrypt("org-cache-5", SECOND), 1));
        assertThat(cache.size()).isEqualTo(2);
        now = now.plus(Duration.ofMinutes(6));
        // another account's look-up sweeps: org-cache-4 and -5 are never asked for again (e.g. disconnected)
        cache.key(account("org-cache-6", plain.encrypt("org-cache-6", FIRST), 1));
        assertThat(cache.size()).as("only the live key is held").isEqualTo(1);
    }

    private Account account(String id, EncryptedAgentKey key, long version) {
        return new Account(id, key, "hint", "fp-" + id, false, Optional.empty(), AccountStatus.HEALTHY, "connected",
                now, Optional.empty(), now, Optional.empty(), version);
    }
}
