package hu.autoinvoice.issuer;

import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AgentKeyVault;
import hu.autoinvoice.account.EncryptedAgentKey;
import hu.autoinvoice.agent.AgentKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decrypted Agent keys kept inside the container for a short TTL, keyed by account id and the stored ciphertext: a
 * reconnect stores a new ciphertext, so the next invoice decrypts the new key; other account writes (the probe's
 * status and probe time bump the version on every run) keep the cached key. Steady state is one KMS Decrypt per
 * account per TTL. Concurrent misses of one account decrypt once. Keys never leave memory, and do not stay in it
 * longer than needed: expired keys are dropped (a sweep at most once per TTL, on a look-up), and the issuer forgets the
 * key of an account it finds disconnected or refused.
 */
public final class AgentKeyCache {

    private record Cached(EncryptedAgentKey ciphertext, AgentKey key, Instant expires) {}

    private final AgentKeyVault vault;
    private final Duration ttl;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> keys = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicReference<Instant> nextSweep = new java.util.concurrent.atomic.AtomicReference<>();

    public AgentKeyCache(AgentKeyVault vault, Duration ttl, Clock clock) {
        this.vault = Objects.requireNonNull(vault, "vault");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The account's key, decrypted at most once per TTL and stored ciphertext. */
    public AgentKey key(Account account) {
        Instant now = clock.instant();
        evictExpired(now);
        Cached cached = keys.compute(account.accountId(), (id, current) -> {
            if (current != null && current.ciphertext().equals(account.encryptedKey()) && now.isBefore(current.expires())) {
                return current;
            }
            return new Cached(account.encryptedKey(), vault.decrypt(id, account.encryptedKey()), now.plus(ttl));
        });
        return cached.key();
    }

    /** Drops every expired key, at most once per TTL (a container serving many accounts keeps only the live ones). */
    private void evictExpired(Instant now) {
        Instant due = nextSweep.get();
        if (due == null) {
            nextSweep.compareAndSet(null, now.plus(ttl));
        } else if (!now.isBefore(due) && nextSweep.compareAndSet(due, now.plus(ttl))) {
            keys.values().removeIf(cached -> !now.isBefore(cached.expires()));
        }
    }

    /** How many keys are held (tests, diagnostics). */
    int size() {
        return keys.size();
    }

    /** Forgets an account's key (e.g. after the Agent rejected it, or the account was disconnected). */
    public void forget(String accountId) {
        keys.remove(accountId);
    }
}
