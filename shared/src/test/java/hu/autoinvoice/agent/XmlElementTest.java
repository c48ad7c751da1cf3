package hu.autoinvoice.agent;

import static hu.autoinvoice.agent.AgentFixtures.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The StAX element tree that replaced DOM in {@link AgentResponseParser}: the same names and text as DOM for every
 * vendor sample, and no DOCTYPE, entity or external resource ever accepted (XXE).
 */
class XmlElementTest {

    /** Every vendor sample XML (responses and requests) gives the same tree as the JDK's DOM parser. */
    @Test
    void everyVendorSampleParsesAsDomDoes() throws Exception {
        Path responses = AgentFixtures.responseSamplesOrSkip();
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(responses, responses.resolveSibling("requests"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> p.toString().endsWith(".xml")).sorted().forEach(files::add);
                }
            }
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(20);
        int compared = 0;
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.UTF_8).strip();
            if (text.contains("vevoifiokpay&partguid")) {
                text = AgentResponseParser.repairAmpersands(text); // the observed samples carry a bare '&'
            }
            byte[] xml = text.getBytes(StandardCharsets.UTF_8);
            assertThat(describe(XmlElement.parse(xml))).as(file.getFileName().toString()).isEqualTo(describe(dom(xml)));
            compared++;
        }
        assertThat(compared).isEqualTo(files.size());
    }

    @Test
    void textIsCharacterDataAndCdataWithoutCommentsOrInstructions() throws XMLStreamException {
        XmlElement root = XmlElement.parse(("<?xml version=\"1.0\"?><p:r xmlns:p=\"urn:x\"><p:a> 1<!-- no -->2<?pi no?>"
                + "<![CDATA[&3<]]><b>4</b>&amp;&#x41;&lt;</p:a><a>second</a></p:r>").getBytes(StandardCharsets.UTF_8));
        assertThat(root.localName()).isEqualTo("r");
        assertThat(root.qualifiedName()).isEqualTo("p:r");
        assertThat(root.element("a").orElseThrow().textContent()).isEqualTo(" 12&3<4&A<");
        assertThat(root.element("missing")).isEmpty();
    }

    @Test
    void aDoctypeIsRefusedAndNothingExternalIsFetched() throws IOException {
        AtomicInteger hits = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            hits.incrementAndGet();
            byte[] body = "<!ENTITY leak \"LEAKED\">".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/x.dtd";
            List<String> hostile = List.of(
                    "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
                    "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"" + url + "\">]><x>&e;</x>",
                    "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"" + url + "\"><x>&leak;</x>",
                    "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY % p SYSTEM \"" + url + "\"> %p;]><x>&leak;</x>",
                    "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
                            + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]><x>&c;</x>",
                    "<!DOCTYPE xmlszamlavalasz><xmlszamlavalasz><sikeres>true</sikeres><szamlaszam>A-1</szamlaszam></xmlszamlavalasz>",
                    "<xmlszamlavalasz><sikeres>true</sikeres><szamlaszam>&undeclared;</szamlaszam></xmlszamlavalasz>");
            AgentResponseParser parser = new AgentResponseParser();
            for (String xml : hostile) {
                byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
                assertThatThrownBy(() -> XmlElement.parse(bytes)).as(xml).isInstanceOf(XMLStreamException.class);
                AgentResult<IssuedDocument> result = parser.document(new TransportOutcome.Reply(200, Map.of(), bytes), KEY);
                assertThat(result).as(xml).isInstanceOf(AgentResult.Failed.class);
                AgentError error = ((AgentResult.Failed<IssuedDocument>) result).error();
                assertThat(error.outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);
                assertThat(error.message()).isEqualTo("unparsable XML reply").doesNotContain("root", "LEAKED");
            }
            assertThat(hits).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void malformedOrIncompleteDocumentsAreRefused() {
        for (String xml : List.of("", "<", "<x>", "<x></y>", "<x/><y/>", "<x/>trailing", "<x>&#0;</x>", "<x a='1' a='2'/>")) {
            assertThatThrownBy(() -> XmlElement.parse(xml.getBytes(StandardCharsets.UTF_8))).as(xml)
                    .isInstanceOf(XMLStreamException.class);
        }
    }

    private static Element dom(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
    }

    private static String describe(Element e) {
        StringBuilder out = new StringBuilder(e.getNodeName() + "|" + e.getLocalName() + "=" + e.getTextContent() + "{");
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                out.append(describe(child));
            }
        }
        return out.append("}").toString();
    }

    private static String describe(XmlElement e) {
        StringBuilder out = new StringBuilder(e.qualifiedName() + "|" + e.localName() + "=" + e.textContent() + "{");
        for (XmlElement child : e.children()) {
            out.append(describe(child));
        }
        return out.append("}").toString();
    }
}
