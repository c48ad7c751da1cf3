package hu.autoinvoice.connect;

import java.util.Map;
import java.util.Objects;

/**
 * Which JWT claims authorise a caller (docs/DESIGN.md §8): the claim naming the caller's account ({@code AUTH_ACCOUNT_CLAIM},
 * default {@value #DEFAULT_ACCOUNT_CLAIM}) and the scope that lets ops act on any account ({@code AUTH_OPS_SCOPE},
 * default {@value #DEFAULT_OPS_SCOPE}, looked for in the space-separated {@code scope} claim and in the authorizer's
 * scopes list).
 */
public record AuthSettings(String accountClaim, String opsScope) {

    public static final String ACCOUNT_CLAIM_VAR = "AUTH_ACCOUNT_CLAIM";
    public static final String OPS_SCOPE_VAR = "AUTH_OPS_SCOPE";
    public static final String DEFAULT_ACCOUNT_CLAIM = "account_id";
    public static final String DEFAULT_OPS_SCOPE = "autoinvoice/ops";

    public AuthSettings {
        Objects.requireNonNull(accountClaim, "accountClaim");
        Objects.requireNonNull(opsScope, "opsScope");
        if (accountClaim.isBlank() || opsScope.isBlank()) {
            throw new IllegalArgumentException("claim and scope names must not be blank");
        }
    }

    public static AuthSettings defaults() {
        return new AuthSettings(DEFAULT_ACCOUNT_CLAIM, DEFAULT_OPS_SCOPE);
    }

    /** From the environment; blank or missing variables take the defaults. */
    public static AuthSettings fromMap(Map<String, String> env) {
        return new AuthSettings(value(env, ACCOUNT_CLAIM_VAR, DEFAULT_ACCOUNT_CLAIM), value(env, OPS_SCOPE_VAR, DEFAULT_OPS_SCOPE));
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
