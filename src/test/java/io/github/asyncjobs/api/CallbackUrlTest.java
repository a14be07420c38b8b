package io.github.asyncjobs.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Callback URLs that would make the service call into its own network (SSRF), or that are not URLs it may call, are
 * refused with 400 pointing at /callback/url, and no job is made. Only 127.0.0.1 is allow-listed here (the tests'
 * receivers), so loopback is asked for by another name and address.
 */
@QuarkusTest
class CallbackUrlTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://example.com/hooks         | must be an https URL (plain http only to hosts in jobs.callbacks.allowed-hosts)",
            "https://127.0.0.2/hooks          | must not lead to a loopback, link-local, private or multicast address",
            "https://10.0.0.1/hooks           | must not lead to a loopback, link-local, private or multicast address",
            "https://169.254.169.254/metadata | must not lead to a loopback, link-local, private or multicast address",
            "https://[::1]/hooks              | must not lead to a loopback, link-local, private or multicast address",
            "https://localhost/hooks          | must not lead to a loopback, link-local, private or multicast address",
            "https://[fd12:3456::1]/hooks     | must not lead to a loopback, link-local, private or multicast address",
            "https://[::ffff:192.168.1.1]/    | must not lead to a loopback, link-local, private or multicast address",
            "https://0.0.0.0/hooks            | must not lead to a loopback, link-local, private or multicast address",
            "https://user:secret@example.com/ | must not contain user information (user:password@)",
            "/hooks/relative                  | must be an absolute https URL with a host, e.g. https://example.com/notify",
            "ftp://example.com/hooks          | must be an https URL",
            "https://exa mple.com/            | is not a valid URL: Illegal character in authority"})
    void anUnsafeOrInvalidUrlIsRefusedAndNoJobIsMade(String url, String problem) {
        var key = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("type", "echo", "input", Map.of("n", 1), "callback", Map.of("url", url)))
                .post("/api/jobs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("The callback URL " + problem))
                .body("errors[0].pointer", equalTo("/callback/url"))
                .body("errors[0].message", equalTo(problem));
        // Had a job been made, its key would be bound to it: a different body under the same key would get 422.
        given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("type", "echo", "input", Map.of("n", 2)))
                .post("/api/jobs")
                .then().statusCode(202).body("status", equalTo("NotStarted"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"https://example.com/\"|/callback", "{}|/callback/url", "{\"url\": 5}|/callback/url",
            "{\"url\": \"https://example.com/\", \"secret\": \"x\"}|/callback/secret"})
    void aCallbackOfTheWrongShapeIsRefused(String text) {
        var parts = text.split("\\|");
        given().contentType(ContentType.JSON)
                .body("{\"type\": \"echo\", \"input\": {}, \"callback\": " + parts[0] + "}")
                .post("/api/jobs")
                .then().statusCode(400)
                .body("detail", startsWith("The callback"))
                .body("errors[0].pointer", equalTo(parts[1]));
    }
}
