package hu.autoinvoice.ledger;

import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.json.JsonValues;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where a listing of an account's ledger items goes on: the listing index's key of the last item returned. Opaque to
 * clients ({@link #token()}: base64url JSON); {@link #read} accepts only a token of the same account.
 */
public record LedgerCursor(String accountId, String purchaseId, String paidAt) {

    private static final int VERSION = 1;

    public LedgerCursor {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(purchaseId, "purchaseId");
        Objects.requireNonNull(paidAt, "paidAt");
    }

    /** The cursor as the opaque text a client sends back. */
    public String token() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("v", VERSION);
        json.put("a", accountId);
        json.put("k", purchaseId);
        json.put("p", paidAt);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(JsonValues.toJson(json).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor in {@code token}, empty when it is not one of ours or belongs to another account. */
    public static Optional<LedgerCursor> read(String token, String accountId) {
        try {
            Map<String, Object> json = JsonValues.object(JsonValues.parseStrict(
                    new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8)));
            if (!(json.get("v") instanceof Number v) || v.intValue() != VERSION || !accountId.equals(json.get("a"))
                    || !(json.get("k") instanceof String purchaseId) || !(json.get("p") instanceof String paidAt)) {
                return Optional.empty();
            }
            Instant.parse(paidAt);
            return Optional.of(new LedgerCursor(accountId, purchaseId, paidAt));
        } catch (RuntimeException | java.io.IOException malformed) {
            return Optional.empty();
        }
    }

    Map<String, AttributeValue> key() {
        return Map.of(Tables.ACCOUNT_ID, AttributeValue.fromS(accountId), Tables.PURCHASE_ID, AttributeValue.fromS(purchaseId),
                Tables.PAID_AT, AttributeValue.fromS(paidAt));
    }

    static LedgerCursor of(Map<String, AttributeValue> key) {
        return new LedgerCursor(key.get(Tables.ACCOUNT_ID).s(), key.get(Tables.PURCHASE_ID).s(), key.get(Tables.PAID_AT).s());
    }
}
