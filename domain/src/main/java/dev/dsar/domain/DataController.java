package dev.dsar.domain;

import java.util.Optional;

/**
 * Who answers for the processing (GDPR Art. 4(7), Art. 13(1)(a)-(b)): the controller's name and contact, the
 * data protection officer's contact and the supervisory authority a person may complain to (Art. 15(1)(f)).
 * Only the name is required; the package says what is missing rather than inventing it.
 */
public record DataController(String name, Optional<String> contact, Optional<String> dpoContact,
                             Optional<String> supervisoryAuthority) {

    public DataController {
        name = Texts.required(name, "controller: 'name'");
        contact = Texts.optional(contact);
        dpoContact = Texts.optional(dpoContact);
        supervisoryAuthority = Texts.optional(supervisoryAuthority);
    }
}
