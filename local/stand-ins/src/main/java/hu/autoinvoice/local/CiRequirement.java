package hu.autoinvoice.local;

import hu.autoinvoice.testing.VendorSchemas;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The project's one rule for tests that need something this machine may lack (the vendor XSDs, node + dynalite):
 * without it the test is <b>skipped</b> with the reason, except under env {@code CI=true}, where it <b>fails</b>, so a
 * missing install can never pass silently in CI. Test support (JUnit on the classpath); the tests of module
 * {@code shared}, which cannot see this module, follow the same rule in their own fixtures.
 */
public final class CiRequirement {

    private CiRequirement() {
    }

    /** Whether env {@code CI=true} (case-insensitive). */
    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Reports that {@code what} is missing: fails the calling test under {@code CI=true}, skips it otherwise. Never
     * returns normally.
     *
     * @param what what is missing and where it was looked for, e.g. {@code "vendor XSDs not found; looked in …"}
     */
    public static RuntimeException missing(String what) {
        if (ci()) {
            Assertions.fail("CI=true and " + what);
        }
        Assumptions.abort("skipped: " + what);
        throw new IllegalStateException("unreachable: " + what);
    }

    /** The value, or {@link #missing} with {@code what} when it is empty. */
    public static <T> T require(Optional<T> value, String what) {
        if (value.isEmpty()) {
            throw missing(what);
        }
        return value.get();
    }

    /** The vendor XSDs ({@link VendorSchemas#locate()}), or a skip (a failure under {@code CI=true}). */
    public static VendorSchemas vendorSchemas() {
        return require(VendorSchemas.locate(), "vendor XSDs not found; " + VendorSchemas.whereLooked());
    }
}
