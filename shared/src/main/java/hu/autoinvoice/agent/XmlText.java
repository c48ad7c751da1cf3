package hu.autoinvoice.agent;

/** Checks that text can be carried by an XML 1.0 document. */
final class XmlText {

    private XmlText() {
    }

    /**
     * The index of the first character XML 1.0 cannot carry (control characters other than tab, CR and LF,
     * lone surrogates, U+FFFE, U+FFFF), or -1 when all are allowed.
     */
    static int firstIllegalIndex(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!isAllowed(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    private static boolean isAllowed(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD
                || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }

    /** Refuses text XML cannot carry, naming the field and position but never echoing the text. */
    static String require(String field, String value) {
        int bad = firstIllegalIndex(value);
        if (bad >= 0) {
            throw new IllegalArgumentException(field + " contains a character not allowed in XML: U+"
                    + String.format("%04X", value.codePointAt(bad)) + " at index " + bad);
        }
        return value;
    }
}
