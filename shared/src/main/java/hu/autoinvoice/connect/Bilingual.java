package hu.autoinvoice.connect;

import java.util.Objects;

/** A text for organisers in Hungarian and English (the admin UI shows the one matching its language). */
public record Bilingual(String hu, String en) {
    public Bilingual {
        Objects.requireNonNull(hu, "hu");
        Objects.requireNonNull(en, "en");
    }
}
