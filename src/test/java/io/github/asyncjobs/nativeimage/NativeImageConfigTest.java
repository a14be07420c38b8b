package io.github.asyncjobs.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.jar.JarFile;

import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.Indexer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * What the Azure SDKs reach by reflection and their own native-image metadata misses, derived from the SDK jars
 * themselves (as the Quarkiverse Azure extensions derive it at build time), so that an SDK upgrade cannot silently
 * leave a native executable that breaks on, say, Blob Storage's error responses. When this fails, the complete
 * reflection configuration it expects is in target/native-image/reflect-config.json: review it and copy it over.
 */
class NativeImageConfigTest {

    private static final Path CONFIG = Path.of("src/main/resources/META-INF/native-image/io.github.asyncjobs/async-jobs");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DotName EXPANDABLE_STRING_ENUM = DotName.createSimple("com.azure.core.util.ExpandableStringEnum");
    private static final DotName SERVICE_INTERFACE = DotName.createSimple("com.azure.core.annotation.ServiceInterface");

    private static IndexView sdk;

    @BeforeAll
    static void indexTheSdkJars() throws Exception {
        var indexes = new ArrayList<IndexView>();
        for (var marker : List.of("com.azure.core.util.ExpandableStringEnum", "com.azure.storage.blob.BlobClient",
                "com.azure.storage.common.StorageSharedKeyCredential", "com.azure.identity.DefaultAzureCredential",
                "com.azure.messaging.servicebus.ServiceBusClientBuilder", "com.azure.core.amqp.AmqpRetryOptions",
                "com.microsoft.aad.msal4j.ManagedIdentityApplication")) {
            indexes.add(index(jarOf(marker)));
        }
        sdk = org.jboss.jandex.CompositeIndex.create(indexes);
    }

    /** Everything the SDK jars need by reflection, one entry per class, in the order native-image reads them. */
    static Map<String, JsonNode> required() {
        var entries = new TreeMap<String, JsonNode>();
        // Blob Storage models, errors included (BlobStorageError, BlobStorageExceptionInternal): read from XML through
        // their static fromXml methods, found by reflection; without them every error response becomes a 503.
        classes(c -> c.name().packagePrefix() != null && (c.name().packagePrefix().equals("com.azure.storage.blob.models")
                || c.name().packagePrefix().equals("com.azure.storage.blob.implementation.models")))
                .forEach(name -> entries.put(name, entry(name, true, true, true)));
        // Every ExpandableStringEnum (ServiceBusFailureReason, RegionalAuthority, ...) is made through its constructor.
        sdk.getAllKnownSubclasses(EXPANDABLE_STRING_ENUM).stream().map(c -> c.name().toString()).sorted()
                .forEach(name -> entries.putIfAbsent(name, entry(name, true, false, false)));
        // The REST proxies of @ServiceInterface interfaces read their methods' annotations.
        sdk.getAnnotations(SERVICE_INTERFACE).stream().map(a -> a.target().asClass().name().toString()).sorted()
                .forEach(name -> entries.put(name, entry(name, false, true, false)));
        // Service providers loaded with ServiceLoader (Quarkus registers none of them by itself).
        for (var provider : List.of("com.azure.core.http.vertx.VertxHttpClientProvider",
                "com.azure.core.tracing.opentelemetry.OpenTelemetryTracerProvider")) {
            entries.put(provider, entry(provider, true, false, false));
        }
        // MSAL's JSON models of token and instance-discovery responses, read field by field.
        for (var model : List.of("com.microsoft.aad.msal4j.ManagedIdentityResponse", "com.microsoft.aad.msal4j.AadInstanceDiscoveryResponse",
                "com.microsoft.aad.msal4j.InstanceDiscoveryMetadataEntry")) {
            entries.put(model, entry(model, true, false, true));
        }
        for (var type : List.of("com.azure.core.util.DateTimeRfc1123", "com.azure.core.http.rest.StreamResponse",
                "com.azure.core.http.rest.ResponseBase", "com.azure.core.http.HttpHeaderName")) {
            entries.put(type, entry(type, true, true, false));
        }
        return entries;
    }

    @Test
    void theReflectionConfigurationCoversWhatTheSdksReachByReflection() throws IOException {
        var expected = new ArrayList<>(required().values());
        var committed = JSON.readTree(CONFIG.resolve("reflect-config.json").toFile());
        var missing = new ArrayList<String>();
        var byName = new LinkedHashMap<String, JsonNode>();
        committed.forEach(entry -> byName.put(entry.get("name").asText(), entry));
        for (var entry : expected) {
            var present = byName.get(entry.get("name").asText());
            if (present == null || !covers(present, entry)) {
                missing.add(entry.get("name").asText());
            }
        }
        if (!missing.isEmpty()) {
            Files.createDirectories(Path.of("target/native-image"));
            JSON.writeValue(Path.of("target/native-image/reflect-config.json").toFile(), expected);
        }
        assertThat(missing).as("classes the SDKs reach by reflection, missing from reflect-config.json").isEmpty();
        assertThat(committed.size()).as("no entries beyond what the rules derive").isEqualTo(expected.size());
    }

    @Test
    void everyServiceInterfaceHasItsProxy() throws IOException {
        var expected = JSON.createArrayNode();
        sdk.getAnnotations(SERVICE_INTERFACE).stream().map(a -> a.target().asClass().name().toString()).sorted()
                .forEach(name -> expected.addObject().putArray("interfaces").add(name));
        var committed = JSON.readTree(CONFIG.resolve("proxy-config.json").toFile());
        if (!committed.equals(expected)) {
            Files.createDirectories(Path.of("target/native-image"));
            JSON.writeValue(Path.of("target/native-image/proxy-config.json").toFile(), expected);
        }
        assertThat(committed).as("proxy-config.json: one proxy per @ServiceInterface (expected in target/native-image)").isEqualTo(expected);
    }

    @Test
    void theServiceFilesOfTheProvidersAreIncluded() throws IOException {
        var resources = JSON.readTree(CONFIG.resolve("resource-config.json").toFile()).toString();
        assertThat(resources).contains("META-INF/services/com\\\\.azure\\\\.core\\\\.http\\\\.HttpClientProvider",
                "META-INF/services/com\\\\.azure\\\\.core\\\\.util\\\\.tracing\\\\.TracerProvider");
    }

    private static boolean covers(JsonNode present, JsonNode needed) {
        return List.of("allDeclaredConstructors", "allDeclaredMethods", "allDeclaredFields").stream()
                .allMatch(flag -> !needed.path(flag).asBoolean() || present.path(flag).asBoolean());
    }

    private static JsonNode entry(String name, boolean constructors, boolean methods, boolean fields) {
        var entry = JSON.createObjectNode().put("name", name);
        if (constructors) {
            entry.put("allDeclaredConstructors", true);
        }
        if (methods) {
            entry.put("allDeclaredMethods", true).put("allPublicMethods", true);
        }
        if (fields) {
            entry.put("allDeclaredFields", true);
        }
        return entry;
    }

    private static List<String> classes(Predicate<ClassInfo> filter) {
        return sdk.getKnownClasses().stream().filter(filter).map(c -> c.name().toString()).sorted().toList();
    }

    private static Path jarOf(String className) throws ClassNotFoundException, URISyntaxException {
        return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Index index(Path jar) throws IOException {
        var indexer = new Indexer();
        try (var file = new JarFile(jar.toFile())) {
            for (var entries = file.entries(); entries.hasMoreElements();) {
                var entry = entries.nextElement();
                if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                    try (var in = file.getInputStream(entry)) {
                        indexer.index(in);
                    }
                }
            }
        }
        return indexer.complete();
    }
}
