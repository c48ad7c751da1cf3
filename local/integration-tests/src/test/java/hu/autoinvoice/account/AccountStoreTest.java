package hu.autoinvoice.account;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link AccountStore} against the DynamoDB stand-in: optimistic locking and fingerprint claims. */
@ExtendWith(LocalAwsExtension.class)
class AccountStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private final AwsClients aws;
    private final AppConfig config;
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final AccountStore store;

    AccountStoreTest(AwsClients aws, AppConfig config) {
        this.aws = aws;
        this.config = config;
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now.get(); }
        };
        this.store = new AccountStore(aws.dynamoDb(), config.accountsTable(), clock, Duration.ofMinutes(2));
    }

    private static String id() {
        return "store-" + UUID.randomUUID();
    }

    private static String fp() {
        return UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    }

    private static Account account(String id, String fingerprint) {
        return new Account(id, EncryptedAgentKey.of(new byte[] {1, 2, 3}), "ab12", fingerprint, false, Optional.of("TIX"),
                AccountStatus.HEALTHY, "connected", T0, Optional.empty(), T0, Optional.empty(), 0);
    }

    private Account written(AccountWrite write) {
        assertThat(write).isInstanceOf(AccountWrite.Written.class);
        return ((AccountWrite.Written) write).account();
    }

    @Test
    void aNewAccountIsStoredAtVersionOneAndReadBackEqual() {
        String id = id();
        Account saved = written(store.save(account(id, fp()), OptionalLong.empty()));
        assertThat(saved.version()).isEqualTo(1);
        assertThat(store.find(id)).contains(saved);
    }

    @Test
    void creatingAnExistingAccountConflicts() {
        String id = id();
        written(store.save(account(id, fp()), OptionalLong.empty()));
        assertThat(store.save(account(id, fp()), OptionalLong.empty())).isEqualTo(new AccountWrite.Conflict(id));
    }

    @Test
    void aWriteBasedOnAStaleReadConflictsAndChangesNothing() {
        String id = id();
        Account v1 = written(store.save(account(id, fp()), OptionalLong.empty()));
        Account v2 = written(store.changeStatus(v1, AccountStatus.ACCOUNT_BLOCKED, "136", T0.plusSeconds(5)));
        assertThat(v2.version()).isEqualTo(2);

        assertThat(store.changeStatus(v1, AccountStatus.KEY_REJECTED, "3", T0.plusSeconds(9))).isInstanceOf(AccountWrite.Conflict.class);
        assertThat(store.recordProbe(v1, T0.plusSeconds(9))).isInstanceOf(AccountWrite.Conflict.class);
        assertThat(store.markBackfilled(v1)).isInstanceOf(AccountWrite.Conflict.class);
        assertThat(store.save(account(id, fp()), OptionalLong.of(1))).isInstanceOf(AccountWrite.Conflict.class);
        assertThat(store.find(id)).contains(v2);
    }

    @Test
    void probeAndBackfillUpdatesIncrementTheVersionAndMatchWhatIsStored() {
        String id = id();
        Account v1 = written(store.save(account(id, fp()), OptionalLong.empty()));
        assertThat(v1.backfillDue()).isTrue();
        Account probed = written(store.recordProbe(v1, T0.plusSeconds(60)));
        Account backfilled = written(store.markBackfilled(probed));
        assertThat(backfilled.version()).isEqualTo(3);
        assertThat(backfilled.backfillDue()).isFalse();
        assertThat(store.find(id)).contains(backfilled);
    }

    @Test
    void aWriteToAnAccountDeletedMeanwhileConflicts() {
        String id = id();
        Account v1 = written(store.save(account(id, fp()), OptionalLong.empty()));
        assertThat(store.delete(id)).contains(v1);
        assertThat(store.delete(id)).isEmpty();
        assertThat(store.recordProbe(v1, T0)).isInstanceOf(AccountWrite.Conflict.class);
        assertThat(store.save(account(id, fp()), OptionalLong.of(1))).isInstanceOf(AccountWrite.Conflict.class);
        assertThat(store.find(id)).isEmpty();
    }

    @Test
    void aFingerprintBelongsToOneAccountUntilReleased() {
        String fp = fp();
        String a = id();
        String b = id();
        assertThat(store.claimFingerprint(fp, a)).isEqualTo(new FingerprintClaim.Claimed());
        written(store.save(account(a, fp), OptionalLong.empty()));
        assertThat(store.claimFingerprint(fp, a)).isEqualTo(new FingerprintClaim.Claimed());
        assertThat(store.claimFingerprint(fp, b)).isEqualTo(new FingerprintClaim.HeldBy(a));

        store.releaseFingerprint(fp, b); // not b's: no effect
        assertThat(store.fingerprintHolder(fp)).contains(a);
        now.set(T0.plus(Duration.ofDays(1)));
        assertThat(store.claimFingerprint(fp, b)).as("a still uses it, however old the claim")
                .isEqualTo(new FingerprintClaim.HeldBy(a));

        store.releaseFingerprint(fp, a);
        store.releaseFingerprint(fp, a);
        assertThat(store.claimFingerprint(fp, b)).isEqualTo(new FingerprintClaim.Claimed());
        assertThat(store.fingerprintHolder(fp)).contains(b);
    }

    @Test
    void aReleaseTakesOnlyTheExactClaimItReadNotOneWrittenSince() {
        String fp = fp();
        String a = id();
        assertThat(store.claimFingerprint(fp, a)).isEqualTo(new FingerprintClaim.Claimed());
        String read = store.claimToken(fp, a).orElseThrow();
        // a reconnect of a with the same key claims again between the disconnect's read and its release
        assertThat(store.claimFingerprint(fp, a)).isEqualTo(new FingerprintClaim.Claimed());
        String since = store.claimToken(fp, a).orElseThrow();
        assertThat(since).isNotEqualTo(read);

        store.releaseFingerprintClaim(fp, a, read);
        assertThat(store.fingerprintHolder(fp)).as("the newer claim is kept").contains(a);
        assertThat(store.claimToken(fp, id())).as("no token for an account that holds no claim").isEmpty();
        store.releaseFingerprintClaim(fp, a, since);
        assertThat(store.fingerprintHolder(fp)).isEmpty();
    }

    @Test
    void aStaleClaimIsTakenOverOnlyAfterTheGracePeriod() {
        String fp = fp();
        String a = id();
        String b = id();
        assertThat(store.claimFingerprint(fp, a)).isEqualTo(new FingerprintClaim.Claimed());
        // a crashed between claiming and saving: its account does not use the key
        now.set(T0.plusSeconds(30));
        assertThat(store.claimFingerprint(fp, b)).as("fresh claim, a's connect may still be saving")
                .isEqualTo(new FingerprintClaim.HeldBy(a));
        now.set(T0.plus(Duration.ofMinutes(3)));
        assertThat(store.claimFingerprint(fp, b)).isEqualTo(new FingerprintClaim.Claimed());
        assertThat(store.fingerprintHolder(fp)).contains(b);
    }

    @Test
    void aClaimLeftByAnAccountNowUsingAnotherKeyIsStale() {
        String fp = fp();
        String a = id();
        assertThat(store.claimFingerprint(fp, a)).isEqualTo(new FingerprintClaim.Claimed());
        written(store.save(account(a, fp()), OptionalLong.empty()));
        now.set(T0.plus(Duration.ofMinutes(5)));
        String b = id();
        assertThat(store.claimFingerprint(fp, b)).isEqualTo(new FingerprintClaim.Claimed());
    }

    @Test
    void concurrentClaimsOfOneFingerprintHaveExactlyOneWinner() throws Exception {
        String fp = fp();
        int contenders = 8;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<FingerprintClaim>> results = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                String id = id();
                ids.add(id);
                Callable<FingerprintClaim> claim = () -> {
                    start.await();
                    return store.claimFingerprint(fp, id);
                };
                results.add(pool.submit(claim));
            }
            start.countDown();
            List<FingerprintClaim> outcomes = new ArrayList<>();
            for (Future<FingerprintClaim> r : results) {
                outcomes.add(r.get());
            }
            String holder = store.fingerprintHolder(fp).orElseThrow();
            assertThat(outcomes).filteredOn(FingerprintClaim.Claimed.class::isInstance).hasSize(1);
            assertThat(outcomes.get(ids.indexOf(holder))).isInstanceOf(FingerprintClaim.Claimed.class);
            Set<Object> losers = new HashSet<>(outcomes);
            losers.remove(new FingerprintClaim.Claimed());
            assertThat(losers).allSatisfy(o -> assertThat(o).isEqualTo(new FingerprintClaim.HeldBy(holder)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aScanListsAccountsButNotFingerprintClaims() {
        String id = id();
        String fp = fp();
        store.claimFingerprint(fp, id);
        Account saved = written(store.save(account(id, fp), OptionalLong.empty()));
        List<Account> all = new ArrayList<>();
        Optional<java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> next = Optional.empty();
        do {
            AccountStore.AccountPage page = store.scan(0, 1, next, 50);
            all.addAll(page.accounts());
            next = page.next();
        } while (next.isPresent());
        assertThat(all).contains(saved);
        assertThat(all).extracting(Account::accountId).noneMatch(i -> i.startsWith("#"));
    }
}
