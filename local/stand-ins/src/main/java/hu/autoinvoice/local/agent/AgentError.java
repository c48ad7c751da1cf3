package hu.autoinvoice.local.agent;

/** The vendor error codes the simulator answers with, and their Hungarian messages (research §4). */
enum AgentError {
    MAINTENANCE(1, "Rendszerkarbantartás, kérem próbálja meg pár perc múlva."),
    LOGIN_FAILED(3, "Sikertelen bejelentkezés."),
    NOT_FOUND(7, "Hiányzó adat: nem található számla a megadott számlaszámmal, rendelésszámmal vagy külső azonosítóval."),
    CANNOT_REVERSE_STORNO(14, "Sztornó és jóváíró számlát nem lehet sem sztornózni, sem jóváírni."),
    OPERATION_NOT_ALLOWED(17, "Nem megengedett művelet."),
    MISSING_XML_FILE(53, "Hiányzó XML fájl."),
    EINVOICE_NOT_ALLOWED(54, "E-számla készítés nincs engedélyezve."),
    XML_READ_ERROR(57, "XML beolvasási hiba."),
    LOGIN_BLOCKED(136, "Bejelentkezési hiba: a fiók zárolva van (lejárt előfizetés vagy kifizetetlen díj). Kérjük, lépjen be"
            + " böngészőn keresztül, és ellenőrizze a Díjcsomagom oldalt."),
    DUPLICATE_ORDER_NUMBER(152, "Már létező rendelésszám: %s. Az ismétlődés engedélyezhető a Beállítások oldalon."),
    INVALID_PREFIX(202, "A megadott számlaszám előtag nem megfelelő."),
    LINE_NET_INVALID(259, "A tétel nettó értéke nem megfelelő"),
    LINE_VAT_INVALID(260, "A tétel áfa értéke nem megfelelő"),
    LINE_GROSS_INVALID(261, "A tétel bruttó értéke nem megfelelő"),
    INVALID_VAT_RATE(395, "Érvénytelen áfakulcs");

    private final int code;
    private final String message;

    AgentError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    int code() {
        return code;
    }

    String message() {
        return message;
    }
}
