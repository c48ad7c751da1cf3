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
 * account per TTL. Concurrent misses of one account decrypt once. Keys never leave memory.
 */
public final class AgentKeyCache {

    private record Cached(EncryptedAgentKey ciphertext, AgentKey key, Instant expires) {}

    private final AgentKeyVault vault;
    private final Duration ttl;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> keys = new ConcurrentHashMap<>();

    public AgentKeyCache(AgentKeyVault vault, Duration ttl, Clock clock) {
        this.vault = Objects.requireNonNull(vault, "vault");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The account's key, decrypted at most once per TTL and stored ciphertext. */
    public AgentKey key(Account account) {
        Instant now = clock.instant();
        Cached cached = keys.compute(account.accountId(), (id, current) -> {
            if (current != null && current.ciphertext().equals(account.encryptedKey()) && now.isBefore(current.expires())) {
                return current;
            }
            return new Cached(account.encryptedKey(), vault.decrypt(id, account.encryptedKey()), now.plus(ttl));
        });
        return cached.key();
    }

    /** Forgets an account's key (e.g. after the Agent rejected it). */
    public void forget(String accountId) {
        keys.remove(accountId);
    }
}
