package hu.autoinvoice.connect;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a caller may act on an account, from the JWT claims the authorizer verified: the caller's account
 * claim equals the account id, or the caller has the ops scope. Nothing else passes — no claims, an empty claim, or
 * another account's claim.
 */
public final class CallerAuthorizer {

    /** The standard OAuth claim holding space-separated scopes. */
    public static final String SCOPE_CLAIM = "scope";

    private final AuthSettings settings;

    public CallerAuthorizer(AuthSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * @param claims the JWT claims (may be null: no authorizer context)
     * @param scopes the authorizer's scopes list (may be null)
     */
    public boolean mayActOn(String accountId, Map<String, String> claims, Collection<String> scopes) {
        Map<String, String> c = claims == null ? Map.of() : claims;
        String own = c.get(settings.accountClaim());
        if (own != null && !own.isEmpty() && own.equals(accountId)) {
            return true;
        }
        return isOps(c, scopes);
    }

    private boolean isOps(Map<String, String> claims, Collection<String> scopes) {
        if (scopes != null && scopes.contains(settings.opsScope())) {
            return true;
        }
        String scopeClaim = claims.get(SCOPE_CLAIM);
        return scopeClaim != null && scopeList(scopeClaim).contains(settings.opsScope());
    }

    private static List<String> scopeList(String claim) {
        String trimmed = claim.strip();
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
            // API Gateway flattens array claims to "[a b]"
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        // space-separated only (RFC 6749 §3.3, RFC 8693 §4.2): a scope named "x,autoinvoice/ops" is not the ops scope
        return Arrays.stream(trimmed.split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
}
