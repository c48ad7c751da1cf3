package hu.autoinvoice.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.SAXException;

/**
 * The vendor's published Számla Agent XSDs, found at run time (they carry no redistribution licence, so the
 * repository never contains them). Looked up, in order:
 * <ol>
 *   <li>a configured folder: system property {@code autoinvoice.vendor.xsd.dir} or env {@code AUTOINVOICE_VENDOR_XSD_DIR}
 *       (holding {@code request/} and {@code response/});</li>
 *   <li>{@code ../shared/szamla-agent/xsd} beside the checkout (system property {@code autoinvoice.reference.dir}
 *       names the reference folder; otherwise found by walking up from the working directory);</li>
 *   <li>the vendor's published URLs, downloaded into {@code ~/.cache/autoinvoice/xsd} when the machine is online.</li>
 * </ol>
 * Request schemas are the contract: every XML we send must validate against them. Test support (shared's test-jar,
 * used by the tests and the Agent simulator), never in a Lambda jar: production code does not download schemas.
 */
public final class VendorSchemas {

    /** Request root element → the folder of its XSD on the vendor's site. */
    private static final Map<String, String> REQUEST_DIRS = Map.ofEntries(
            Map.entry("xmlszamla", "agent"),
            Map.entry("xmlszamlast", "agentst"),
            Map.entry("xmlszamlaxml", "agentxml"),
            Map.entry("xmlszamlapdf", "agentpdf"),
            Map.entry("xmlszamlakifiz", "agentkifiz"),
            Map.entry("xmlszamladbkdel", "dijbekerodel"),
            Map.entry("xmltaxpayer", "taxpayer"),
            Map.entry("xmlnyugtacreate", "nyugtacreate"),
            Map.entry("xmlnyugtast", "nyugtast"),
            Map.entry("xmlnyugtaget", "nyugtaget"),
            Map.entry("xmlnyugtasend", "nyugtasend"));

    private static final String VENDOR_BASE = "https://www.szamlazz.hu/szamla/docs/xsds/";
    private static volatile Optional<VendorSchemas> located;

    private final Path root;
    private final String origin;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private VendorSchemas(Path root, String origin) {
        this.root = root;
        this.origin = origin;
    }

    /** The schemas if any source has them; looked up once per JVM. */
    public static Optional<VendorSchemas> locate() {
        Optional<VendorSchemas> result = located;
        if (result == null) {
            synchronized (VendorSchemas.class) {
                result = located;
                if (result == null) {
                    result = lookUp();
                    located = result;
                }
            }
        }
        return result;
    }

    /** A sentence saying where the lookup went, for skip and warning messages. */
    public static String whereLooked() {
        return "looked in -Dautoinvoice.vendor.xsd.dir / $AUTOINVOICE_VENDOR_XSD_DIR, in ../shared/szamla-agent/xsd beside"
                + " the checkout, and at " + VENDOR_BASE + " (offline or unreachable)";
    }

    /** Where these schemas came from (a folder, or the vendor download cache). */
    public String origin() {
        return origin;
    }

    /** The request roots we know the vendor's schema folder of. */
    public static List<String> requestRoots() {
        return REQUEST_DIRS.keySet().stream().sorted().toList();
    }

    /** The compiled request schema for a root element such as {@code xmlszamla}. */
    public Schema requestSchema(String rootElement) {
        return compiled.computeIfAbsent("request/" + rootElement, key -> compile(root.resolve(key + ".xsd")));
    }

    /** The compiled response schema for a root element such as {@code xmlszamlavalasz}. */
    public Schema responseSchema(String rootElement) {
        return compiled.computeIfAbsent("response/" + rootElement, key -> compile(root.resolve(key + ".xsd")));
    }

    /**
     * Validates one request document against the vendor XSD of its root element.
     *
     * @return empty when valid, otherwise the first schema violation (the vendor answers those with code 57)
     */
    public Optional<String> validateRequest(String rootElement, byte[] xml) {
        return validate(requestSchema(rootElement), xml);
    }

    public static Optional<String> validate(Schema schema, byte[] xml) {
        Validator validator = schema.newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.validate(new StreamSource(new ByteArrayInputStream(xml)));
            return Optional.empty();
        } catch (SAXException e) {
            return Optional.of(e.getMessage());
        } catch (IOException e) {
            return Optional.of("unreadable XML: " + e.getMessage());
        }
    }

    private static Schema compile(Path xsd) {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(xsd.toFile());
        } catch (SAXException e) {
            throw new IllegalStateException("cannot compile vendor schema " + xsd + ": " + e.getMessage(), e);
        }
    }

    private static Optional<VendorSchemas> lookUp() {
        for (Path candidate : localCandidates()) {
            if (Files.isRegularFile(candidate.resolve("request/xmlszamla.xsd"))) {
                return Optional.of(new VendorSchemas(candidate, candidate.toString()));
            }
        }
        return download();
    }

    private static List<Path> localCandidates() {
        List<Path> out = new ArrayList<>();
        String configured = Optional.ofNullable(System.getProperty("autoinvoice.vendor.xsd.dir"))
                .orElse(System.getenv("AUTOINVOICE_VENDOR_XSD_DIR"));
        if (configured != null && !configured.isBlank()) {
            out.add(Path.of(configured).toAbsolutePath().normalize());
        }
        String reference = System.getProperty("autoinvoice.reference.dir");
        if (reference != null && !reference.isBlank()) {
            out.add(Path.of(reference, "szamla-agent", "xsd").toAbsolutePath().normalize());
        }
        String repoRoot = System.getProperty("autoinvoice.root");
        if (repoRoot != null && !repoRoot.isBlank()) {
            out.add(Path.of(repoRoot).toAbsolutePath().normalize().resolveSibling("shared").resolve("szamla-agent/xsd"));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("functions"))) {
                out.add(dir.resolveSibling("shared").resolve("szamla-agent/xsd"));
            }
        }
        return out;
    }

    private static Optional<VendorSchemas> download() {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "autoinvoice", "xsd");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            for (Map.Entry<String, String> e : REQUEST_DIRS.entrySet()) {
                Path target = cache.resolve("request").resolve(e.getKey() + ".xsd");
                if (Files.isRegularFile(target)) {
                    continue;
                }
                URI uri = URI.create(VENDOR_BASE + e.getValue() + "/" + e.getKey() + ".xsd");
                HttpResponse<InputStream> response = http.send(
                        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    return Optional.empty();
                }
                Files.createDirectories(target.getParent());
                Path part = Files.createTempFile(target.getParent(), e.getKey(), ".part");
                try (InputStream in = response.body()) {
                    Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return Optional.of(new VendorSchemas(cache, "vendor download cache " + cache));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
