package dev.dsar.adapters.http.webhook;

import dev.dsar.application.port.out.WebhookDeliveryPort;
import dev.dsar.domain.WebhookEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Delivers notifications with Vert.x's web client (contract §7.4): one POST per endpoint that has not
 * acknowledged the event yet, all at once, each signed the Standard Webhooks way ({@code webhook-id},
 * {@code webhook-timestamp}, {@code webhook-signature}). A 2xx answer within the timeout acknowledges; anything
 * else (another status, a redirect, which is never followed, no answer in time, a refused connection) does not.
 * The answer's body is discarded as it arrives: never stored, never logged.
 */
public final class WebhookDeliveryWebClientAdapter implements WebhookDeliveryPort {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final WebClient client;
    private final List<String> endpoints;
    private final WebhookSecrets secrets;
    private final Duration timeout;
    private final Clock clock;

    public WebhookDeliveryWebClientAdapter(Vertx vertx, List<String> endpoints, WebhookSecrets secrets,
                                           Duration timeout, Clock clock) {
        this.vertx = vertx;
        this.endpoints = List.copyOf(endpoints);
        this.secrets = secrets;
        this.timeout = timeout;
        this.clock = clock;
        this.client = WebClient.create(vertx, new WebClientOptions()
                        .setFollowRedirects(false)
                        .setUserAgent("dsar-export-webhooks")
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                        .setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(16));
    }

    @Override
    public List<String> endpoints() {
        return endpoints;
    }

    /** The body: {@code {"type","timestamp","data"}}, the same for every endpoint of one attempt. */
    static String body(WebhookEvent event, Map<String, Object> data) {
        Map<String, Object> fields = new LinkedHashMap<>();
        data.forEach((name, value) -> fields.put(name, value instanceof Instant instant ? instant.toString() : value));
        return new JsonObject()
                .put("type", event.type().code())
                .put("timestamp", event.occurredAt().toString())
                .put("data", new JsonObject(fields))
                .encode();
    }

    @Override
    public Future<Result> send(WebhookEvent event, Map<String, Object> data) {
        String body = body(event, data);
        long timestamp = clock.instant().getEpochSecond();
        String signature = secrets.sign(event.webhookId(), timestamp, body);
        List<String> targets = new ArrayList<>();
        List<Future<Integer>> answers = new ArrayList<>();
        for (String endpoint : endpoints) {
            if (!event.deliveredTo().contains(endpoint)) {
                targets.add(endpoint);
                answers.add(post(endpoint, event.webhookId(), timestamp, signature, body));
            }
        }
        return Future.join(answers).transform(done -> {
            Set<String> acknowledged = new HashSet<>();
            Integer status = null;
            String error = null;
            for (int i = 0; i < targets.size(); i++) {
                Future<Integer> answer = answers.get(i);
                if (answer.succeeded() && answer.result() / 100 == 2) {
                    acknowledged.add(targets.get(i));
                } else if (error == null) {
                    status = answer.succeeded() ? answer.result() : null;
                    error = answer.succeeded() ? "HTTP " + answer.result() : describe(answer.cause());
                }
            }
            return Future.succeededFuture(new Result(acknowledged, status, error));
        });
    }

    /** The answer's status; fails when there is none within the timeout. */
    private Future<Integer> post(String endpoint, String webhookId, long timestamp, String signature, String body) {
        Promise<Integer> answer = Promise.promise();
        long deadline = vertx.setTimer(Math.max(1, timeout.toMillis()),
                expired -> answer.tryFail(new NoAnswer()));
        client.postAbs(endpoint)
                .followRedirects(false)
                .timeout(Math.max(1, timeout.toMillis()))
                .putHeader("content-type", "application/json")
                .putHeader("webhook-id", webhookId)
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", signature)
                .as(BodyCodec.none())
                .sendBuffer(Buffer.buffer(body))
                .map(HttpResponse::statusCode)
                .onComplete(result -> {
                    vertx.cancelTimer(deadline);
                    if (result.succeeded()) {
                        answer.tryComplete(result.result());
                    } else {
                        answer.tryFail(result.cause());
                    }
                });
        return answer.future();
    }

    private String describe(Throwable cause) {
        if (cause instanceof NoAnswer || cause instanceof java.util.concurrent.TimeoutException
                || (cause != null && cause.getClass().getSimpleName().contains("Timeout"))) {
            return "no answer within " + timeout;
        }
        return cause == null ? "no answer" : "no answer: " + cause.getClass().getSimpleName();
    }

    public void close() {
        client.close();
    }

    /** The absolute deadline of one POST passed. */
    private static final class NoAnswer extends RuntimeException {
        NoAnswer() {
            super("no answer in time", null, false, false);
        }
    }
}
