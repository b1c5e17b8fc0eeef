package dev.dsar.domain;

import java.util.Optional;

/**
 * What the law requires a controller to say about one kind of data (GDPR Art. 15(1)(a), (c), (d), (g) and
 * Art. 6): why it is processed, on which legal basis, to whom it is disclosed, how long it is kept and where
 * it came from when not from the person. Each is optional: a section that leaves one out says so in the package.
 */
public record Processing(Optional<String> purpose, Optional<String> legalBasis, Optional<String> recipients,
                         Optional<String> retention, Optional<String> source) {

    public static final Processing UNSTATED = new Processing(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    public Processing {
        purpose = Texts.optional(purpose);
        legalBasis = Texts.optional(legalBasis);
        recipients = Texts.optional(recipients);
        retention = Texts.optional(retention);
        source = Texts.optional(source);
    }

    public boolean stated() {
        return purpose.isPresent() || legalBasis.isPresent() || recipients.isPresent() || retention.isPresent()
                || source.isPresent();
    }
}
