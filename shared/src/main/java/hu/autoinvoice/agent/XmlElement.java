package hu.autoinvoice.agent;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A minimal read-only element tree of an Agent reply, built with the JDK's StAX reader instead of DOM (issue 8: the
 * DOM stack loads ~185 classes more on a cold Lambda). It keeps what the parser reads: the local and qualified name
 * of each element, and its character data (text and CDATA, without comments or processing instructions) and child
 * elements in document order, so {@link #textContent()} equals DOM's {@code Node.getTextContent()}.
 *
 * <p>Why the JDK's reader and not Woodstox (on the classpath for the renderer's writer): both load about the same
 * number of classes for a reply, but Woodstox's come from the application jar and are bytecode-verified on a cold
 * start, the JDK's are not; a cold first parse measured 15-60 ms slower with Woodstox.
 *
 * <p>Secure by construction: DTD support and external entities are off, external DTD access is empty, nothing is
 * ever resolved (the resolver refuses), and a document with any DOCTYPE is refused outright, as the DOM parser's
 * {@code disallow-doctype-decl} did. Thread-safe: each parse has its own factory and reader (the JDK does not
 * promise a shared factory is).
 */
final class XmlElement {

    private final String localName;
    private final String qualifiedName;
    /** {@link String} (character data) and {@link XmlElement} (child) items in document order. */
    private final List<Object> content = new ArrayList<>(4);

    private XmlElement(String localName, String qualifiedName) {
        this.localName = localName;
        this.qualifiedName = qualifiedName;
    }

    /** The local name (without prefix). */
    String localName() {
        return localName;
    }

    /** The name as written ({@code prefix:local} or {@code local}). */
    String qualifiedName() {
        return qualifiedName;
    }

    /** The first child element with this local name. */
    Optional<XmlElement> element(String name) {
        for (Object item : content) {
            if (item instanceof XmlElement e && e.localName.equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The child elements, in order (for tests). */
    List<XmlElement> children() {
        List<XmlElement> children = new ArrayList<>();
        for (Object item : content) {
            if (item instanceof XmlElement e) {
                children.add(e);
            }
        }
        return children;
    }

    /** All character data of this element and its descendants, concatenated in document order. */
    String textContent() {
        if (content.size() == 1 && content.get(0) instanceof String only) {
            return only;
        }
        StringBuilder out = new StringBuilder();
        appendText(out);
        return out.toString();
    }

    private void appendText(StringBuilder out) {
        for (Object item : content) {
            if (item instanceof String s) {
                out.append(s);
            } else {
                ((XmlElement) item).appendText(out);
            }
        }
    }

    /**
     * Parses one complete document (encoding from its declaration, UTF-8 by default) into its root element.
     *
     * @throws XMLStreamException when it is not well-formed, has no root, or has a DOCTYPE
     */
    static XmlElement parse(byte[] xml) throws XMLStreamException {
        Objects.requireNonNull(xml, "xml");
        XMLStreamReader reader = inputFactory().createXMLStreamReader(new ByteArrayInputStream(xml));
        try {
            return read(reader);
        } catch (RuntimeException e) {
            // a StAX reader may report an error as an unchecked exception when the text is first accessed
            throw new XMLStreamException("malformed XML: " + e.getClass().getSimpleName());
        } finally {
            reader.close();
        }
    }

    private static XmlElement read(XMLStreamReader reader) throws XMLStreamException {
        Deque<XmlElement> open = new ArrayDeque<>();
        XmlElement root = null;
        while (reader.hasNext()) {
            switch (reader.next()) {
                case XMLStreamConstants.DTD -> throw new XMLStreamException("a DOCTYPE is not accepted");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new XMLStreamException("entity references are not accepted");
                case XMLStreamConstants.START_ELEMENT -> {
                    String prefix = reader.getPrefix();
                    String local = reader.getLocalName();
                    XmlElement element = new XmlElement(local, prefix == null || prefix.isEmpty() ? local : prefix + ":" + local);
                    if (open.isEmpty()) {
                        if (root != null) {
                            throw new XMLStreamException("more than one root element");
                        }
                        root = element;
                    } else {
                        open.peek().content.add(element);
                    }
                    open.push(element);
                }
                case XMLStreamConstants.END_ELEMENT -> open.pop();
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (!open.isEmpty()) {
                        open.peek().content.add(reader.getText());
                    }
                }
                default -> {
                    // comments, processing instructions, the declaration, the document's end
                }
            }
        }
        if (root == null || !open.isEmpty()) {
            throw new XMLStreamException("no complete root element");
        }
        return root;
    }

    private static XMLInputFactory inputFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_VALIDATING, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not accepted");
        });
        return factory;
    }
}
