package hu.autoinvoice.local.agent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A minimal multipart/form-data parser: enough for the Agent protocol (one XML file part, maybe attachments). */
final class Multipart {

    /** One part of the form: its field name, its file name (absent for a plain field) and its bytes. */
    record Part(String name, Optional<String> filename, byte[] content) {
        boolean isFile() {
            return filename.isPresent();
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("(?:^|;)\\s*name=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME = Pattern.compile(";\\s*filename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private Multipart() {
    }

    /** The boundary of a multipart/form-data content type, or empty when the request is not multipart. */
    static Optional<String> boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return Optional.empty();
        }
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
    }

    /** The parts of a body; malformed trailing data is ignored, as lenient servers do. */
    static List<Part> parse(byte[] body, String boundary) {
        // ISO-8859-1 maps every byte to one char and back, so searching in the string is binary safe.
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        List<Part> parts = new ArrayList<>();
        int pos = text.indexOf(delimiter);
        while (pos >= 0) {
            int afterDelimiter = pos + delimiter.length();
            if (text.startsWith("--", afterDelimiter)) {
                break; // closing delimiter
            }
            int headersStart = skipLineBreak(text, afterDelimiter);
            int headersEnd = text.indexOf("\r\n\r\n", headersStart);
            int separatorLength = 4;
            if (headersEnd < 0) {
                headersEnd = text.indexOf("\n\n", headersStart);
                separatorLength = 2;
            }
            if (headersEnd < 0) {
                break;
            }
            int next = text.indexOf("\r\n" + delimiter, headersEnd + separatorLength);
            int contentEnd = next;
            if (next < 0) {
                next = text.indexOf("\n" + delimiter, headersEnd + separatorLength);
                contentEnd = next;
                if (next < 0) {
                    break;
                }
                next += 1;
            } else {
                next += 2;
            }
            String headers = text.substring(headersStart, headersEnd);
            byte[] content = text.substring(headersEnd + separatorLength, contentEnd).getBytes(StandardCharsets.ISO_8859_1);
            part(headers, content).ifPresent(parts::add);
            pos = next;
        }
        return parts;
    }

    private static int skipLineBreak(String text, int index) {
        if (text.startsWith("\r\n", index)) {
            return index + 2;
        }
        if (text.startsWith("\n", index)) {
            return index + 1;
        }
        return index;
    }

    private static Optional<Part> part(String headers, byte[] content) {
        for (String line : headers.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).trim().equalsIgnoreCase("Content-Disposition")) {
                continue;
            }
            String value = line.substring(colon + 1);
            Matcher name = NAME.matcher(value);
            if (!name.find()) {
                return Optional.empty();
            }
            Matcher filename = FILENAME.matcher(value);
            Optional<String> file = filename.find() ? Optional.of(filename.group(1)) : Optional.empty();
            return Optional.of(new Part(name.group(1), file, content));
        }
        return Optional.empty();
    }
}
