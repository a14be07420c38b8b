package io.github.asyncjobs.handler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.asyncjobs.testing.Jobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

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
        Jobs.awaitStatus(id, "Succeeded");
        given().urlEncodingEnabled(false).get(Jobs.monitor(id).then().extract().<String> path("resourceLocation"))
                .then().statusCode(200)
                .contentType("application/json")
                .header("Content-Disposition", "attachment; filename=\"" + id + ".json\"")
                .body("sale_events", equalTo(1))
                .body("return_events", equalTo(1))
                .body("inventory_events", equalTo(1))
                .body("gross_sales", equalTo(10.0f))
                .body("net_sales", equalTo(9.0f))
                .body("by_category.toys.net_sales", equalTo(9.0f))
                .body("by_category.books.inventory_events", equalTo(1));
    }

    @ParameterizedTest(name = "{0} = {1} is refused at {2}")
    @CsvSource(delimiter = '|', value = {
            "id          | 0            | must be greater than 0",
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
        Jobs.submit("sales-report", Map.of("events", events));
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
