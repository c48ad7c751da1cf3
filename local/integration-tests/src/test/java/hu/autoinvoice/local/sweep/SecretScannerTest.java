package hu.autoinvoice.local.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.account.AgentKeyVault;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.local.runner.IssuerFixtures;
import hu.autoinvoice.local.sweep.SecretScanner.Finding;
import hu.autoinvoice.local.sweep.SecretScanner.Hit;
import hu.autoinvoice.testing.TestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;

/** The sweep's detector: finds keys and ciphertexts in every form the tests could print them, and nothing else. */
@ExtendWith(LocalAwsExtension.class)
class SecretScannerTest {

    private static final String KEY = TestKeys.random();

    @Test
    void findsATestKeyAsIsAndInAnyCase() {
        assertThat(SecretScanner.inspect("INFO connect with key " + KEY + " done")).extracting(Hit::column).containsExactly(23);
        assertThat(SecretScanner.inspect("key=" + KEY.toUpperCase())).hasSize(1);
        assertThat(SecretScanner.inspect("<szamlaagentkulcs>" + KEY + "</szamlaagentkulcs>")).hasSize(1);
    }

    @Test
    void findsATestKeyBase64OrHexEncoded() {
        byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
        List<String> lines = List.of(
                "{\"Plaintext\":\"" + Base64.getEncoder().encodeToString(key) + "\",\"KeyId\":\"alias/x\"}",
                "token " + Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"k\":\"" + KEY + "\"}").getBytes(StandardCharsets.UTF_8)),
                "Plaintext=" + SdkBytes.fromUtf8String(KEY),
                "hex " + HexFormat.of().formatHex(key) + " end",
                "misaligned x" + Base64.getEncoder().encodeToString(("ab" + KEY).getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < lines.size(); i++) { // never the line in a failure message: it holds the secret
            assertThat(SecretScanner.inspect(lines.get(i))).as("line %d", i).isNotEmpty()
                    .allSatisfy(h -> assertThat(h.what()).contains("Agent key"));
        }
    }

    @Test
    void findsARealStandInCiphertextBase64OrHexEncoded(AwsClients aws, AppConfig config) {
        byte[] blob = new AgentKeyVault(aws.kms(), config.agentKeyKmsKeyId()).encrypt("acct-sweep", TestKeys.agentKey("sweep")).bytes();
        List<String> lines = List.of(
                "{\"CiphertextBlob\":\"" + Base64.getEncoder().encodeToString(blob) + "\"}",
                "item {encryptedKey=AttributeValue(B=" + SdkBytes.fromByteArray(blob) + ")}",
                HexFormat.of().withUpperCase().formatHex(blob),
                "url " + Base64.getUrlEncoder().encodeToString(blob),
                "x" + Base64.getEncoder().encodeToString(concat(new byte[] {7}, blob)));
        for (int i = 0; i < lines.size(); i++) { // never the line in a failure message: it holds the secret
            assertThat(SecretScanner.inspect(lines.get(i))).as("line %d", i).isNotEmpty()
                    .allSatisfy(h -> assertThat(h.what()).contains("KMS ciphertext"));
        }
    }

    @Test
    void ordinaryLogLinesAreClean() {
        byte[] random = new byte[96];
        new java.util.Random(7).nextBytes(random);
        List<String> lines = List.of(
                "2026-11-27 18:05:11.123 INFO  [main] h.a.c.ConnectApiHandler - 3f6c1c9e-5a2b-4b7e-9a63-2f1d0c7e8b41 CONNECT account acct-1 -> 200",
                "keyHint=" + KEY.substring(KEY.length() - 4) + " AgentKey[****" + KEY.substring(KEY.length() - 4) + "]",
                "fingerprint " + HexFormat.of().formatHex(new byte[32]) + " request " + UUID.randomUUID(),
                "arn:aws:kms:eu-central-1:000000000000:key/" + UUID.randomUUID(),
                "blob " + Base64.getEncoder().encodeToString(random) + " hex " + HexFormat.of().formatHex(random),
                "at hu.autoinvoice.connect.ConnectApiHandler.handleRequest(ConnectApiHandler.java:71)");
        for (String line : lines) {
            assertThat(SecretScanner.inspect(line)).as(line).isEmpty();
        }
    }

    @Test
    void aFindingNamesFileLineAndKindButNotTheSecret(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("hu.example.LeakyTest-output.txt");
        Files.writeString(file, "clean line\nanother\nleaked " + KEY + "\n");

        List<Finding> findings = SecretScanner.scan(file);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.toString()).contains("LeakyTest-output.txt:3:8").contains("Agent key").doesNotContain(KEY);
        });
    }

    @Test
    void theReportFilesAreTheOutputReportsAndDumpsOfBothPlugins() {
        assertThat(TestReports.isReport("surefire-reports", "hu.a.XTest-output.txt")).isTrue();
        assertThat(TestReports.isReport("failsafe-reports", "TEST-hu.a.YIT.xml")).isTrue();
        assertThat(TestReports.isReport("surefire-reports", "2026-01-01T00-00-00_1-jvmRun1.dumpstream")).isTrue();
        assertThat(TestReports.isReport("surefire-reports", "hu.a.XTest.txt")).isFalse();
        assertThat(TestReports.isReport("classes", "x-output.txt")).isFalse();
    }

    @Test
    void theTestKeysAndTheLocalKeysUseTheSweepsMarker() {
        // one TestKeys for every module (shared's test-jar), and the keys make run / the benches connect with
        assertThat(TestKeys.MARKER).isEqualTo(SecretScanner.KEY_MARKER);
        assertThat(IssuerFixtures.LOCAL_KEY_MARKER).isEqualTo(SecretScanner.KEY_MARKER);
        assertThat(TestKeys.random()).contains(SecretScanner.KEY_MARKER);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
