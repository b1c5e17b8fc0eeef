package dev.dsar.adapters.http.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebhookSecretsTest {

    /** The example of the Standard Webhooks specification (and of its reference libraries' tests). */
    @Test
    void signsTheSpecificationsExampleToItsExpectedSignature() {
        WebhookSecrets secrets = WebhookSecrets.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        assertThat(secrets.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void theFirstOfSeveralSecretsSigns() {
        WebhookSecrets rotated = WebhookSecrets.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, whsec_"
                + java.util.Base64.getEncoder().encodeToString(new byte[32]));

        assertThat(rotated.count()).isEqualTo(2);
        assertThat(rotated.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void malformedSecretsAreRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> WebhookSecrets.parse("not-a-secret")).hasMessageContaining("does not start with whsec_")
                .hasMessageNotContaining("not-a-secret");
        assertThatThrownBy(() -> WebhookSecrets.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw whsec_%%%"))
                .hasMessageContaining("secret 2 is not whsec_ followed by base64");
        assertThatThrownBy(() -> WebhookSecrets.parse("whsec_c2hvcnQ=")).hasMessageContaining("too short");
    }
}
