package hu.autoinvoice.account;

/** Outcome of claiming a key fingerprint for an account: one Számlázz.hu key may serve one account only. */
public sealed interface FingerprintClaim permits FingerprintClaim.Claimed, FingerprintClaim.HeldBy, FingerprintClaim.Contended {

    /** The fingerprint now belongs to the account (or already did). */
    record Claimed() implements FingerprintClaim {}

    /** Another account is connected with the same key. */
    record HeldBy(String otherAccountId) implements FingerprintClaim {}

    /** The claim kept changing hands while we tried (concurrent connects): nothing was claimed; try again later. */
    record Contended() implements FingerprintClaim {}
}
