package dev.dsar.adapters.http;

import dev.dsar.domain.Actor;
import dev.dsar.domain.UserId;
import java.time.Instant;

/** Who is calling, from a verified token: the user id ({@code sub}), whether an admin, until when. */
record Caller(UserId userId, boolean admin, Instant tokenExpiresAt) {

    Actor asSubject() {
        return Actor.subject(userId);
    }

    Actor asAdmin() {
        return Actor.admin(userId);
    }
}
