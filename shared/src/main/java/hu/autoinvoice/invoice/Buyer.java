package hu.autoinvoice.invoice;

import java.util.Objects;
import java.util.Optional;

/**
 * Who the invoice is made out to. Address fields are mandatory in the vendor schema even for private persons.
 *
 * @param taxNumber Hungarian tax number, required for {@link BuyerType#HU_COMPANY}
 * @param euVatNumber EU VAT number, required for {@link BuyerType#EU_COMPANY}
 */
public record Buyer(
        BuyerType type,
        String name,
        Optional<String> email,
        boolean sendEmail,
        String country,
        String postalCode,
        String city,
        String address,
        Optional<String> taxNumber,
        Optional<String> euVatNumber) {

    public Buyer {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(postalCode, "postalCode");
        Objects.requireNonNull(city, "city");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(taxNumber, "taxNumber");
        Objects.requireNonNull(euVatNumber, "euVatNumber");
    }
}
