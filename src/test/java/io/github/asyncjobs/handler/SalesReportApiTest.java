package io.github.asyncjobs.handler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.asyncjobs.testing.Jobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;

/** The bundled job types through HTTP: what they accept, what they refuse (with pointers), what they produce. */
@QuarkusTest
class SalesReportApiTest {

    @Test
    void echoReturnsTheClassicSampleRequest() {
        var id = Jobs.submit("echo", Map.of("id", "1234", "customername", "Contoso"));
        Jobs.awaitStatus(id, "Succeeded");
        given().urlEncodingEnabled(false).get(Jobs.monitor(id).then().extract().<String> path("resourceLocation"))
                .then().statusCode(200)
                .body("id", equalTo("1234"))
                .body("customername", equalTo("Contoso"));
    }

    @Test
    void salesReportProducesTheReport() {
        var events = List.of(
                event(Map.of("id", 1, "category", "toys", "price", 10, "qty", 2, "discount", 10)),
                event(Map.of("id", 2, "category", "toys", "price", 10, "qty", 1, "discount", 10, "is_return", true)),
                event(Map.of("id", 3, "category", "books", "event_type", "inventory_event", "extra_field", "ignored")));
        var id = Jobs.submit("sales-report", Map.of("events", events));
        result(id)
                .contentType("application/json")
                .header("Content-Disposition", "attachment; filename=\"" + id + ".json\"")
                .body("total_events", equalTo(3))
                .body("bad_events", equalTo(0))
                .body("sale_events", equalTo(1))
                .body("return_events", equalTo(1))
                .body("inventory_events", equalTo(1))
                .body("gross_sales", equalTo(new BigDecimal("10.00")))
                .body("net_sales", equalTo(new BigDecimal("9.00")))
                .body("by_category.toys.net_sales", equalTo(new BigDecimal("9.00")))
                .body("by_category.books.inventory_events", equalTo(1))
                .body("skipped", empty());
    }

    /** The event-orchestration sample's event, verbatim: UUID ids, a numeric sku, extra fields, no zone, no type. */
    @Test
    void theSampleEventIsTakenAsItIsAndReported() {
        var body = """
                {"type": "sales-report", "input": {"events": [
                {"id": "743da362-69df-4e63-a95f-a1d93e29825e", "request_id": "743da362-69df-4e63-a95f-a1d93e29825e",
                 "store_id": 5, "store_fqdn": "localhost", "store_ip": "127.0.0.1", "cust_id": 549, "category": "Notebooks",
                 "sku": 169008, "price": 45.85, "qty": 34, "discount": 10.3, "gift_wrap": true, "variant": "red",
                 "priority_shipping": false, "ts": "2023-05-19T14:36:09.985501", "contact_me": "github.com/miztiik", "is_return": true}
                ]}}""";
        var id = given().contentType(ContentType.JSON).body(body).when().post("/api/jobs")
                .then().statusCode(202).extract().<String> path("id");
        // 45.85 x 34 = 1558.90, less 10.3 % = 1398.3333; a return, so both count negatively
        result(id)
                .body("total_events", equalTo(1))
                .body("bad_events", equalTo(0))
                .body("sale_events", equalTo(0))
                .body("return_events", equalTo(1))
                .body("inventory_events", equalTo(0))
                .body("gross_sales", equalTo(new BigDecimal("-1558.90")))
                .body("net_sales", equalTo(new BigDecimal("-1398.33")))
                .body("total_sales", equalTo(new BigDecimal("1558.90")))
                .body("first_ts", equalTo("2023-05-19T14:36:09.985501Z"))
                .body("last_ts", equalTo("2023-05-19T14:36:09.985501Z"))
                .body("by_category.Notebooks.return_events", equalTo(1))
                .body("by_category.Notebooks.net_sales", equalTo(new BigDecimal("-1398.33")))
                .body("skipped", empty());
    }

    @Test
    void anEventWithoutATypeIsCountedAsASale() {
        var event = event(Map.of("price", 2, "qty", 3));
        event.remove("event_type");
        result(Jobs.submit("sales-report", Map.of("events", List.of(event, event(Map.of("event_type", "inventory_event"))))))
                .body("sale_events", equalTo(1))
                .body("inventory_events", equalTo(1))
                .body("gross_sales", equalTo(new BigDecimal("6.00")));
    }

    @Test
    void invalidEventsAreRefusedWithAPointerForEveryBrokenRule() {
        var events = List.of(event(Map.of()), event(Map.of("qty", "two")), event(Map.of()), event(Map.of("discount", 200, "ts", "")));
        given().contentType(ContentType.JSON).body(Map.of("type", "sales-report", "input", Map.of("events", events)))
                .when().post("/api/jobs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", startsWith("Invalid events: 2 of 4 "))
                .body("errors.pointer", contains("/input/events/1/qty", "/input/events/3/discount", "/input/events/3/ts"))
                .body("errors.message", contains("must be a whole number", "must be less than or equal to 100",
                        "must be an ISO-8601 date or date-time"));
    }

    @Test
    void onInvalidSkipCountsTheInvalidEventsAndListsWhyTheyWereSkipped() {
        // As the sample's producer makes a bad message: store_id removed.
        var noStore = event(Map.of("bad_msg", true));
        noStore.remove("store_id");
        var events = List.of(event(Map.of("price", 10, "qty", 2)), noStore, event(Map.of("qty", "two", "price", -1)),
                event(Map.of("event_type", "inventory_event")));
        result(Jobs.submit("sales-report", Map.of("on_invalid", "skip", "events", events)))
                .body("total_events", equalTo(4))
                .body("bad_events", equalTo(2))
                .body("sale_events", equalTo(1))
                .body("inventory_events", equalTo(1))
                .body("gross_sales", equalTo(new BigDecimal("20.00")))
                .body("skipped.pointer", contains("/input/events/1/store_id", "/input/events/2/qty"))
                .body("skipped.message", contains("must not be null", "must be a whole number"));
    }

    /** Skipping means the report always comes: one whose every event is invalid says so with its counts. */
    @Test
    void onInvalidSkipReportsABatchWhoseEveryEventIsInvalid() {
        var events = List.of(event(Map.of("qty", 0)), event(Map.of("category", "")));
        result(Jobs.submit("sales-report", Map.of("on_invalid", "skip", "events", events)))
                .body("total_events", equalTo(2))
                .body("bad_events", equalTo(2))
                .body("sale_events", equalTo(0))
                .body("total_sales", equalTo(new BigDecimal("0.00")))
                .body("first_ts", nullValue())
                .body("skipped.pointer", contains("/input/events/0/qty", "/input/events/1/category"));
    }

    @Test
    void onInvalidRejectIsTheDefaultBehaviourSpelledOut() {
        given().contentType(ContentType.JSON)
                .body(Map.of("type", "sales-report", "input", Map.of("on_invalid", "reject", "events", List.of(event(Map.of("qty", 0))))))
                .when().post("/api/jobs")
                .then().statusCode(400)
                .body("errors.pointer", contains("/input/events/0/qty"));
    }

    @ParameterizedTest(name = "on_invalid {0} is refused")
    @MethodSource("notOnInvalid")
    void onInvalidTakesRejectOrSkipOnly(Object value) {
        var input = new HashMap<String, Object>(Map.of("events", List.of(event(Map.of()))));
        input.put("on_invalid", value);
        given().contentType(ContentType.JSON).body(Map.of("type", "sales-report", "input", input))
                .when().post("/api/jobs")
                .then().statusCode(400)
                .body("errors.pointer", contains("/input/on_invalid"))
                .body("errors.message", contains("must be one of [reject, skip]"));
    }

    static Stream<Object> notOnInvalid() {
        return Stream.of("SKIP", "skip ", "ignore", "", 1, true, List.of("skip"));
    }

    @ParameterizedTest(name = "{0} = {1} is taken")
    @MethodSource("identifiers")
    void idAndSkuAreAStringOrANumber(String field, Object value) {
        result(Jobs.submit("sales-report", Map.of("events", List.of(event(Map.of(field, value))))))
                .body("total_events", equalTo(1))
                .body("bad_events", equalTo(0))
                .body("sale_events", equalTo(1));
    }

    static Stream<Arguments> identifiers() {
        return Stream.of(Arguments.of("id", "743da362-69df-4e63-a95f-a1d93e29825e"), Arguments.of("id", 0), Arguments.of("id", 12.5),
                Arguments.of("sku", 169008), Arguments.of("sku", "SKU-1"));
    }

    @ParameterizedTest(name = "{0} = {1} is refused")
    @MethodSource("notIdentifiers")
    void idAndSkuAreNothingElse(String field, Object value, String message) {
        given().contentType(ContentType.JSON).body(Map.of("type", "sales-report", "input", Map.of("events", List.of(event(Map.of(field, value))))))
                .when().post("/api/jobs")
                .then().statusCode(400)
                .body("errors.pointer", contains("/input/events/0/" + field))
                .body("errors.message", contains(message));
    }

    static Stream<Arguments> notIdentifiers() {
        return Stream.of(Arguments.of("id", true, "must be a string or a number"), Arguments.of("id", Map.of(), "must be a string or a number"),
                Arguments.of("id", " ", "must not be blank"), Arguments.of("sku", List.of(1), "must be a string or a number"),
                Arguments.of("sku", "", "must not be blank"), Arguments.of("request_id", 7, "must be a string"),
                Arguments.of("variant", false, "must be a string"));
    }

    @ParameterizedTest(name = "{0} = {1} is refused at {2}")
    @CsvSource(delimiter = '|', value = {
            "category    | 5            | must be a string",
            "ts          | 1684507000   | must be a string",
            "store_id    | -3           | must be greater than 0",
            "cust_id     | 0            | must be greater than 0",
            "qty         | 0            | must be greater than 0",
            "price       | -0.01        | must be greater than or equal to 0",
            "discount    | 100.5        | must be less than or equal to 100",
            "discount    | -1           | must be greater than or equal to 0",
            "ts          | 'yesterday'  | must be an ISO-8601 date or date-time",
            "category    | '  '         | must not be blank",
            "event_type  | 'refund'     | must be one of [sale_event, inventory_event]",
            "qty         | 'two'        | must be a whole number",
            "qty         | 1.5          | must be a whole number",
            "price       | '1e-300000000' | must be a number",
            "event_type  | 'sale_event '| must be one of [sale_event, inventory_event]",
    })
    void salesReportRefusesABadFieldWithAPointerToIt(String field, String json, String message) {
        var events = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 4; i++) {
            events.add(event(Map.of("id", i + 1)));
        }
        events.get(3).put(field, json.matches("-?[0-9.]+") ? new BigDecimal(json) : json);
        given().contentType(ContentType.JSON).body(Map.of("type", "sales-report", "input", Map.of("events", events)))
                .when().post("/api/jobs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.pointer", contains("/input/events/3/" + field))
                .body("errors.message", contains(message));
    }

    @Test
    void salesReportRefusesMissingFieldsAndReportsEachOne() {
        var event = event(Map.of());
        event.remove("sku");
        event.remove("ts");
        given().contentType(ContentType.JSON).body(Map.of("type", "sales-report", "input", Map.of("events", List.of(event))))
                .when().post("/api/jobs")
                .then().statusCode(400)
                .body("errors.pointer", containsInAnyOrder("/input/events/0/sku", "/input/events/0/ts"));
    }

    @Test
    void salesReportNeedsOneToTenThousandEvents() {
        given().contentType(ContentType.JSON).body(Map.of("type", "sales-report", "input", Map.of("events", List.of())))
                .when().post("/api/jobs")
                .then().statusCode(400)
                .body("errors.pointer", hasItem("/input/events"));
        given().contentType(ContentType.JSON).body(Map.of("type", "sales-report", "input", Map.of()))
                .when().post("/api/jobs")
                .then().statusCode(400)
                .body("errors.pointer", hasItem("/input/events"));
    }

    @Test
    void salesReportAcceptsDatesWithOrWithoutOffset() {
        var events = List.of(event(Map.of("id", 1, "ts", "2024-05-01T10:15:00")), event(Map.of("id", 2, "ts", "2024-05-01")),
                event(Map.of("id", 3, "ts", "2024-05-01T10:15:00+02:00")));
        // Without an offset a time is UTC, and a date its start: 08:15 UTC (the +02:00 one) is the latest but one.
        result(Jobs.submit("sales-report", Map.of("events", events)))
                .body("total_events", equalTo(3))
                .body("bad_events", equalTo(0))
                .body("first_ts", equalTo("2024-05-01T00:00:00Z"))
                .body("last_ts", equalTo("2024-05-01T10:15:00Z"));
    }

    /** Waits for the job to succeed and downloads its result, with decimals as BigDecimal to compare cents exactly. */
    private static ValidatableResponse result(String id) {
        Jobs.awaitStatus(id, "Succeeded");
        return given().urlEncodingEnabled(false)
                .config(RestAssuredConfig.config().jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL)))
                .get(Jobs.monitor(id).then().extract().<String> path("resourceLocation"))
                .then().statusCode(200);
    }

    static Map<String, Object> event(Map<String, Object> overrides) {
        var event = new HashMap<String, Object>(Map.ofEntries(
                Map.entry("id", 1), Map.entry("store_id", 7), Map.entry("cust_id", 42), Map.entry("category", "toys"),
                Map.entry("sku", "SKU-1"), Map.entry("price", 1.5), Map.entry("qty", 1), Map.entry("discount", 0),
                Map.entry("gift_wrap", false), Map.entry("variant", "red"), Map.entry("priority_shipping", false),
                Map.entry("ts", "2024-05-01T10:15:00Z"), Map.entry("is_return", false), Map.entry("event_type", "sale_event")));
        event.putAll(overrides);
        return event;
    }
}
