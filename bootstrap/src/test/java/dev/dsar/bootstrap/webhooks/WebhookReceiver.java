package dev.dsar.bootstrap.webhooks;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real webhook receiver for the tests: a Vert.x HTTP server that records every delivery and verifies its
 * signature the way the Standard Webhooks reference implementation does (the key is the base64 after
 * {@code whsec_}; the signed content is {@code id.timestamp.body}; the header may hold several space-separated
 * {@code v1,<base64>} signatures, any one matching is enough, compared in constant time; a timestamp more than
 * five minutes away from now is refused). "Now" is the service's clock, which the tests move.
 */
final class WebhookReceiver implements AutoCloseable {

    static final Duration TOLERANCE = Duration.ofMinutes(5);

    record Delivery(String webhookId, String timestamp, String signature, String contentType, String body,
                    boolean verified) {

        JsonObject json() {
            return new JsonObject(body);
        }

        String type() {
            return json().getString("type");
        }

        JsonObject data() {
            return json().getJsonObject("data");
        }

        String reference() {
            return data().getString("reference_id");
        }
    }

    /** How the receiver answers one delivery: a status, possibly after a real delay. */
    record Answer(int status, Duration after) {
        static Answer of(int status) {
            return new Answer(status, Duration.ZERO);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final byte[] key;
    private final Supplier<Instant> now;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private volatile Function<Delivery, Answer> answers = delivery -> Answer.of(204);
    private volatile HttpServer server;
    private int port;

    WebhookReceiver(String secret, Supplier<Instant> now) {
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        this.now = now;
        listen(0);
    }

    void listen(int onPort) {
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setReuseAddress(true))
                .requestHandler(this::receive)
                .listen(onPort).await();
        port = server.actualPort();
    }

    /** The receiver is down: connections are refused until {@link #up()}. */
    void down() {
        server.close().await();
    }

    void up() {
        listen(port);
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hooks";
    }

    void answer(Function<Delivery, Answer> answers) {
        this.answers = answers;
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    List<Delivery> of(String reference) {
        return deliveries.stream().filter(delivery -> reference.equals(delivery.reference())).collect(Collectors.toList());
    }

    Optional<Delivery> first(String reference, String type) {
        return of(reference).stream().filter(delivery -> type.equals(delivery.type())).findFirst();
    }

    private void receive(HttpServerRequest request) {
        request.body().onSuccess(buffer -> {
            String body = buffer.toString(StandardCharsets.UTF_8);
            String id = request.getHeader("webhook-id");
            String timestamp = request.getHeader("webhook-timestamp");
            String signature = request.getHeader("webhook-signature");
            Delivery delivery = new Delivery(id, timestamp, signature, request.getHeader("content-type"), body,
                    verify(id, timestamp, signature, body));
            deliveries.add(delivery);
            Answer answer = answers.apply(delivery);
            if (answer.after().isZero()) {
                request.response().setStatusCode(answer.status()).end("{\"received\":true}");
            } else {
                vertx.setTimer(answer.after().toMillis(), later -> request.response().setStatusCode(answer.status()).end());
            }
        });
    }

    /** As the reference implementation's {@code verify}: false instead of its exceptions. */
    boolean verify(String id, String timestamp, String header, String body) {
        if (id == null || timestamp == null || header == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException notANumber) {
            return false;
        }
        if (Math.abs(now.get().getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(id + "." + seconds + "." + body);
        for (String versioned : header.split(" ")) {
            String[] parts = versioned.split(",", 2);
            if (parts.length == 2 && parts[0].equals("v1")) {
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(parts[1]);
                } catch (IllegalArgumentException notBase64) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, given)) {
                    return true;
                }
            }
        }
        return false;
    }

    private byte[] hmac(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (Exception impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Polls until the probe holds (deliveries arrive from the service's own timer). */
    static <T> T await(String what, Supplier<Optional<T>> probe) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not within 30 s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, interrupted);
            }
        }
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
