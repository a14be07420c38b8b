package io.github.asyncjobs.testing;

import static io.restassured.RestAssured.given;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.specification.RequestSpecification;

/** Requests to the management interface (health, metrics, OpenAPI), which listens on a port of its own. */
public final class Management {

    private Management() {
    }

    /** A request to the management port of the application under test. */
    public static RequestSpecification management() {
        return given().port(port());
    }

    /** The port the management interface of the application under test listens on (random in tests). */
    public static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }
}
