package hu.autoinvoice.local.sweep;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds Agent keys and KMS ciphertexts in what the tests printed, by their shape, so it needs no list of the keys:
 * <ul>
 *   <li>an Agent key: every key the test suite uses contains {@link #KEY_MARKER} (each module's {@code TestKeys}
 *       builds them so), found in any case, as is or inside a base64 / base64url / hex token (KMS {@code Plaintext},
 *       SDK byte dumps);</li>
 *   <li>a KMS ciphertext of the stand-in: {@code 0x01}, then the key's UUID in ASCII (FakeKms' blob header), found
 *       inside a base64 / base64url / hex token ({@code CiphertextBlob}, {@code SdkBytes(bytes=0x...)}).</li>
 * </ul>
 * A finding names the file, the line and the column and what was seen — never the secret itself.
 */
final class SecretScanner {

    /** The substring every test Agent key contains (the modules' {@code TestKeys.MARKER}). */
    static final String KEY_MARKER = "k3ycanary";

    /** What was found where; {@link #toString()} is safe to print. */
    record Finding(Path file, int line, int column, String what) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column + ": " + what;
        }
    }

    private static final Pattern BASE64_TOKEN = Pattern.compile("[A-Za-z0-9+/_-]{16,}={0,2}");
    private static final Pattern HEX_TOKEN = Pattern.compile("[0-9a-fA-F]{18,}");
    /** FakeKms blob: version byte 1, then the 36-character key id. */
    private static final Pattern CIPHERTEXT_HEADER = Pattern.compile(
            "\\x01[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private SecretScanner() {
    }

    /** Every finding in one file (read as UTF-8, malformed bytes replaced). */
    static List<Finding> scan(Path file) {
        List<Finding> findings = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                for (Hit hit : inspect(line)) {
                    findings.add(new Finding(file, number, hit.column(), hit.what()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return findings;
    }

    /** A secret in one line: where (1-based column) and what. */
    record Hit(int column, String what) {}

    /** The secrets in one line, at most one per kind and token. */
    static List<Hit> inspect(String line) {
        List<Hit> hits = new ArrayList<>();
        int plain = line.toLowerCase(Locale.ROOT).indexOf(KEY_MARKER);
        if (plain >= 0) {
            hits.add(new Hit(plain + 1, "an Agent key (test key marker)"));
        }
        Matcher hex = HEX_TOKEN.matcher(line);
        while (hex.find()) {
            decodedSecret(hexDecodings(hex.group())).ifPresent(what -> hits.add(new Hit(hex.start() + 1, what + ", hex-encoded")));
        }
        Matcher b64 = BASE64_TOKEN.matcher(line);
        while (b64.find()) {
            if (HEX_TOKEN.matcher(b64.group()).matches()) {
                continue; // already looked at as hex
            }
            decodedSecret(base64Decodings(b64.group())).ifPresent(what -> hits.add(new Hit(b64.start() + 1, what + ", base64-encoded")));
        }
        return hits;
    }

    private static Optional<String> decodedSecret(List<byte[]> decodings) {
        for (byte[] bytes : decodings) {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            if (text.toLowerCase(Locale.ROOT).contains(KEY_MARKER)) {
                return Optional.of("an Agent key (test key marker)");
            }
            if (CIPHERTEXT_HEADER.matcher(text).find()) {
                return Optional.of("a KMS ciphertext (stand-in blob header)");
            }
        }
        return Optional.empty();
    }

    /** The token decoded from each of its first two nibble offsets. */
    private static List<byte[]> hexDecodings(String token) {
        List<byte[]> out = new ArrayList<>(2);
        for (int offset = 0; offset < 2; offset++) {
            int end = offset + (token.length() - offset) / 2 * 2;
            out.add(HexFormat.of().parseHex(token, offset, end));
        }
        return out;
    }

    /** The token decoded as base64 and base64url from each of its first four character offsets (mis-aligned starts). */
    private static List<byte[]> base64Decodings(String token) {
        String bare = token.replace("=", "");
        List<byte[]> out = new ArrayList<>(8);
        for (int offset = 0; offset < 4 && bare.length() - offset >= 8; offset++) {
            String part = bare.substring(offset);
            if (part.length() % 4 == 1) { // one dangling character encodes no byte
                part = part.substring(0, part.length() - 1);
            }
            String std = part.replace('-', '+').replace('_', '/');
            try {
                out.add(Base64.getDecoder().decode(pad(std)));
            } catch (IllegalArgumentException ignored) {
                // not base64 from here
            }
        }
        return out;
    }

    private static String pad(String s) {
        int rest = s.length() % 4;
        return rest == 0 ? s : s + "=".repeat(4 - rest);
    }
}
