package io.github.asyncjobs.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.github.asyncjobs.config.IdempotencyConfig;
import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.config.ProcessorConfig;
import io.github.asyncjobs.config.QueueConfig;
import io.github.asyncjobs.config.StorageConfig;
import io.github.asyncjobs.testing.infra.AppTemplate;
import io.github.asyncjobs.testing.infra.Bicep;
import io.github.asyncjobs.testing.infra.Bicep.Declaration;
import io.github.asyncjobs.testing.infra.Bicep.Resource;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.WithDefault;

/**
 * The Azure templates (infra/, azure.yaml) checked as text, since no Bicep compiler runs here: the security properties
 * that matter, the least-privilege role assignments, the API versions that were checked against Azure/bicep-types-az,
 * the queue and retention values against the app's own defaults, and the app settings against what the packaged
 * Azure-mode test ({@code AzureProductionPathIT}) gives the api and worker processes. docs/deployment.md describes
 * what is checked here and what could not be.
 */
class InfraTemplatesTest {

    private static final Path INFRA = Path.of("infra");
    private static final ObjectMapper JSON = new ObjectMapper();

    // Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
    private static final String SERVICE_BUS_DATA_SENDER = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    private static final String SERVICE_BUS_DATA_RECEIVER = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0";
    private static final String SERVICE_BUS_DATA_OWNER = "090c5cfd-751d-490a-894a-3ce6f1109419";
    private static final String STORAGE_BLOB_DATA_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private static final String STORAGE_BLOB_DELEGATOR = "db58b8e5-c6ad-4a2a-8342-4190687cbf4a";
    private static final String ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

    private static final String QUEUE = "Microsoft.ServiceBus/namespaces/queues";
    private static final String CONTAINER = "Microsoft.Storage/storageAccounts/blobServices/containers";
    private static final String ACCOUNT = "Microsoft.Storage/storageAccounts";
    private static final String REGISTRY = "Microsoft.ContainerRegistry/registries";

    /** What every app is told: its identity, where the queue and the store are, how callers authenticate. */
    private static final Set<String> COMMON_SETTINGS = Set.of("AZURE_CLIENT_ID", "JOBS_STORAGE_BLOB_ENDPOINT",
            "JOBS_STORAGE_BLOB_CONTAINER", "JOBS_QUEUE_CONNECTOR", "JOBS_QUEUE_SERVICEBUS_NAMESPACE",
            "JOBS_QUEUE_SERVICEBUS_QUEUE_NAME", "JOBS_AUTH_ENABLED", "JOBS_AUTH_ISSUER", "JOBS_AUTH_AUDIENCE");

    @Test
    void everyResourceTypeAndApiVersionIsOneCheckedAgainstBicepTypes() throws IOException {
        var verified = new LinkedHashMap<String, JsonNode>();
        JSON.readTree(INFRA.resolve("verified-api-versions.json").toFile()).path("versions")
                .forEach(entry -> verified.put(entry.path("type").asText() + "@" + entry.path("apiVersion").asText(), entry));
        var used = new TreeSet<String>();
        for (var file : bicepFiles()) {
            for (var resource : Bicep.read(file).resources()) {
                var typeAtVersion = resource.type() + "@" + resource.apiVersion();
                assertThat(verified).as("%s: %s is not in infra/verified-api-versions.json", file, typeAtVersion)
                        .containsKey(typeAtVersion);
                used.add(typeAtVersion);
            }
        }
        assertThat(used).as("entries of infra/verified-api-versions.json no template uses").containsAll(verified.keySet());
        verified.forEach((typeAtVersion, entry) -> {
            assertThat(entry.path("path").asText()).as(typeAtVersion)
                    .matches("generated/[a-z0-9_]+/microsoft\\.[a-z]+/" + Pattern.quote(entry.path("apiVersion").asText()) + "/types\\.md");
            if (typeAtVersion.contains("-preview")) {
                assertThat(entry.path("preview").asText()).as("why %s is a preview version", typeAtVersion).isNotBlank();
            }
        });
    }

    @Test
    void everyParameterAndOutputIsDescribed() {
        for (var file : bicepFiles()) {
            var bicep = Bicep.read(file);
            for (var declaration : bicep.declarations()) {
                if (declaration.kind().equals("param") || declaration.kind().equals("output")) {
                    assertThat(declaration.decorators()).as("%s: %s %s", file, declaration.kind(), declaration.name())
                            .anySatisfy(decorator -> assertThat(decorator).matches("(?s)@description\\(\\s*'[^']+.*"));
                }
            }
        }
    }

    @Test
    void noOutputCarriesASecretAndNothingReadsKeys() {
        var secretish = Pattern.compile("(?i)key|secret|password|connectionstring|(^|_)sas(_|$)|token|credential");
        for (var file : bicepFiles()) {
            var bicep = Bicep.read(file);
            assertThat(bicep.text()).as("%s calls a list*() function (listKeys and the like)", file)
                    .doesNotContainPattern("\\blist[A-Z]?\\w*\\(");
            assertThat(bicep.text()).as(file.toString()).doesNotContain("sharedKey", "secretRef", "passwordSecretRef", "accountKey");
            for (var output : bicep.declarations("output")) {
                assertThat(output.decorators()).as("%s: output %s", file, output.name()).noneMatch(d -> d.startsWith("@secure"));
                assertThat(output.name()).as("%s: output name", file).doesNotContainPattern(secretish);
                assertThat(output.text()).as("%s: output %s", file, output.name())
                        .doesNotContainPattern("(?i)connectionstring|instrumentationkey|primarykey|secondarykey|securestring");
            }
        }
        for (var file : List.of(INFRA.resolve("api.bicepparam"), INFRA.resolve("worker.bicepparam"), INFRA.resolve("main.parameters.json"))) {
            assertThat(read(file)).as(file.toString()).doesNotContainPattern("(?i)listKeys|secret|password|connectionstring");
        }
    }

    @Test
    void storageTakesEntraIdOnlyOverHttpsAndTls12() {
        var storage = Bicep.read(INFRA.resolve("modules/storage.bicep"));
        var account = storage.resource(ACCOUNT);
        assertThat(account.body()).contains("kind: 'StorageV2'");
        assertThat(account.property("allowSharedKeyAccess")).isEqualTo("false");
        assertThat(account.property("allowBlobPublicAccess")).isEqualTo("false");
        assertThat(account.property("supportsHttpsTrafficOnly")).isEqualTo("true");
        assertThat(account.property("minimumTlsVersion")).isEqualTo("'TLS1_2'");
        assertThat(storage.resource(CONTAINER).property("publicAccess")).isEqualTo("'None'");
    }

    @Test
    void serviceBusTakesEntraIdOnlyAndTls12() {
        var namespace = Bicep.read(INFRA.resolve("modules/servicebus.bicep")).resource("Microsoft.ServiceBus/namespaces");
        assertThat(namespace.property("disableLocalAuth")).isEqualTo("true");
        assertThat(namespace.property("minimumTlsVersion")).isEqualTo("'1.2'");
    }

    @Test
    void roleAssignmentsAreExactlyTheLeastPrivilegeSet() {
        var granted = new TreeSet<String>();
        for (var file : bicepFiles()) {
            var bicep = Bicep.read(file);
            for (var assignment : bicep.resources()) {
                if (!assignment.type().equals("Microsoft.Authorization/roleAssignments")) {
                    continue;
                }
                assertThat(file.getFileName()).as("role assignments live in one module").hasToString("role-assignments.bicep");
                var scope = bicep.resourceNamed(assignment.property("scope")).type();
                var roles = guids(assignment.property("roleDefinitionId"));
                assertThat(roles).as(assignment.symbol()).hasSize(1);
                assertThat(assignment.property("name")).as("%s: name from scope, principal and role", assignment.symbol())
                        .contains(assignment.property("scope") + ".id", assignment.property("principalId"), roles.get(0));
                granted.add(assignment.property("principalId") + " " + roles.get(0) + " " + scope);
            }
        }
        assertThat(granted).containsExactlyInAnyOrder(
                "apiPrincipalId " + SERVICE_BUS_DATA_SENDER + " " + QUEUE,
                "apiPrincipalId " + STORAGE_BLOB_DATA_CONTRIBUTOR + " " + CONTAINER,
                "apiPrincipalId " + STORAGE_BLOB_DELEGATOR + " " + ACCOUNT,
                "apiPrincipalId " + ACR_PULL + " " + REGISTRY,
                "workerPrincipalId " + SERVICE_BUS_DATA_RECEIVER + " " + QUEUE,
                "workerPrincipalId " + STORAGE_BLOB_DATA_CONTRIBUTOR + " " + CONTAINER,
                // The result URLs of completion notifications: a user delegation key comes from the account only.
                "workerPrincipalId " + STORAGE_BLOB_DELEGATOR + " " + ACCOUNT,
                "workerPrincipalId " + ACR_PULL + " " + REGISTRY,
                // KEDA's scaler reads the message count through the administration API (Manage right): Data Owner,
                // on the queue only, for an identity the worker's code cannot use (see workerScales... below).
                "scalerPrincipalId " + SERVICE_BUS_DATA_OWNER + " " + QUEUE);
        var roles = Bicep.read(INFRA.resolve("main.bicep")).module("roles").body();
        assertThat(roles).contains("apiPrincipalId: identities.outputs.apiPrincipalId",
                "workerPrincipalId: identities.outputs.workerPrincipalId", "scalerPrincipalId: identities.outputs.scalerPrincipalId");
    }

    @Test
    void theApiHasHttpsOnlyIngressAndIsProbedOnTheManagementPort() {
        var bicep = Bicep.read(INFRA.resolve("api.bicep"));
        var app = bicep.resource("Microsoft.App/containerApps");
        var ingress = app.block("ingress");
        assertThat(Bicep.property(ingress, "external")).isEqualTo("true");
        assertThat(Bicep.property(ingress, "allowInsecure")).isEqualTo("false");
        assertThat(bicep.resolve(Bicep.property(ingress, "targetPort"))).isEqualTo("8080");
        assertThat(ingress).doesNotContain("additionalPortMappings", "exposedPort");
        assertProbedOnTheManagementPort(bicep, app);
        assertThat(app.block("http")).contains("concurrentRequests");
        assertGracefulShutdownFits(app);
    }

    @Test
    void theWorkerHasNoIngressAndScalesOnTheQueueWithAManagedIdentityAndNoSecret() {
        var bicep = Bicep.read(INFRA.resolve("worker.bicep"));
        var app = bicep.resource("Microsoft.App/containerApps");
        assertThat(app.body()).doesNotContain("ingress:", "secrets:", "secretRef", "auth:");
        var rule = app.block("custom");
        assertThat(Bicep.property(rule, "type")).isEqualTo("'azure-servicebus'");
        assertThat(Bicep.property(rule, "identity")).isEqualTo("scalerIdentityId");
        assertThat(Bicep.block(rule, "metadata")).contains("namespace:", "queueName:", "messageCount:");
        // The scaler identity is held by the app for the platform only: no container can get a token for it.
        var identitySettings = app.block("identitySettings");
        assertThat(Bicep.property(identitySettings, "identity")).isEqualTo("scalerIdentityId");
        assertThat(Bicep.property(identitySettings, "lifecycle")).isEqualTo("'None'");
        assertThat(bicep.declaration("param", "minReplicas").text()).contains("= 0");
        assertThat(bicep.declaration("param", "maxReplicas")).isNotNull();
        assertThat(Bicep.property(app.block("scale"), "maxReplicas")).isEqualTo("maxReplicas");
        assertThat(Bicep.read(INFRA.resolve("main.bicep")).declaration("param", "workerMaxReplicas")).isNotNull();
        assertProbedOnTheManagementPort(bicep, app);
        assertGracefulShutdownFits(app);
    }

    @Test
    void appSettingsNameEachAppsRoleIdentityAndResourcesAndTheDeployedShapeTestTakesThemFromHere() {
        var api = AppTemplate.of("api").expressions();
        var worker = AppTemplate.of("worker").expressions();
        assertThat(api.keySet()).containsExactlyInAnyOrderElementsOf(union(COMMON_SETTINGS,
                Set.of("JOBS_PROCESSOR_ENABLED", "JOBS_API_PUBLIC_BASE_URL", "JOBS_QUEUE_SERVICEBUS_MAX_MESSAGE_SIZE",
                        "JOBS_LIMITS_INSTANCES", "JOBS_CONSOLE_CLIENT_ID")));
        assertThat(worker.keySet()).containsExactlyInAnyOrderElementsOf(union(COMMON_SETTINGS, Set.of("JOBS_ACCEPTOR_ENABLED")));
        assertThat(api).containsEntry("JOBS_PROCESSOR_ENABLED", "'false'")
                .containsEntry("JOBS_QUEUE_SERVICEBUS_MAX_MESSAGE_SIZE", "string(maxMessageSize)")
                .containsEntry("JOBS_LIMITS_INSTANCES", "string(maxReplicas)")
                .containsEntry("JOBS_API_PUBLIC_BASE_URL", "'https://${name}.${containerAppsEnvironmentDefaultDomain}'");
        assertThat(worker).containsEntry("JOBS_ACCEPTOR_ENABLED", "'false'");
        for (var env : List.of(api, worker)) {
            assertThat(env).containsEntry("JOBS_QUEUE_CONNECTOR", "'azure-servicebus'")
                    .containsEntry("JOBS_AUTH_ENABLED", "'true'")
                    .containsEntry("AZURE_CLIENT_ID", "identityClientId")
                    .containsEntry("JOBS_QUEUE_SERVICEBUS_QUEUE_NAME", "queueName")
                    .containsEntry("JOBS_STORAGE_BLOB_CONTAINER", "containerName");
        }
        // AzureProductionPathIT runs the packaged apps with the environment it reads from the templates: the only
        // settings it names itself are timings it shortens, the receiver it allows, and the crash drill's fault point.
        var it = read(Path.of("src/test/java/io/github/asyncjobs/packaged/AzureProductionPathIT.java"));
        assertThat(it).contains("AppTemplate.of(template).environment(");
        assertThat(names(Pattern.compile("\"((?:JOBS|AZURE)_[A-Z0-9_]+)\""), it)).containsExactlyInAnyOrder("JOBS_REQUEUE_AFTER",
                "JOBS_REQUEUE_CHECK_INTERVAL", "JOBS_QUEUE_SEND_TIMEOUT", "JOBS_QUEUE_SERVICEBUS_TRY_TIMEOUT",
                "JOBS_QUEUE_SERVICEBUS_HEALTH_INTERVAL", "JOBS_QUEUE_SERVICEBUS_DEAD_LETTER_POLL_INTERVAL",
                "JOBS_QUEUE_SERVICEBUS_RECONNECT_AFTER", "JOBS_CALLBACKS_ALLOWED_HOSTS", "JOBS_DRILL_HALT_BEFORE_QUEUEING",
                "JOBS_API_PUBLIC_BASE_URL");

        // Each app gets its own identity's client id, by both deployment paths.
        var main = Bicep.read(INFRA.resolve("main.bicep"));
        assertThat(main.module("api").body()).contains("identityClientId: identities.outputs.apiClientId",
                "identityId: identities.outputs.apiId");
        assertThat(main.module("worker").body()).contains("identityClientId: identities.outputs.workerClientId",
                "identityId: identities.outputs.workerId", "scalerIdentityId: identities.outputs.scalerId");
        assertThat(main.declaration("output", "API_IDENTITY_CLIENT_ID").text()).contains("identities.outputs.apiClientId");
        assertThat(main.declaration("output", "WORKER_IDENTITY_CLIENT_ID").text()).contains("identities.outputs.workerClientId");
        assertThat(bicepParams(INFRA.resolve("api.bicepparam"))).containsEntry("identityClientId", "API_IDENTITY_CLIENT_ID");
        assertThat(bicepParams(INFRA.resolve("worker.bicepparam"))).containsEntry("identityClientId", "WORKER_IDENTITY_CLIENT_ID");
    }

    @Test
    void appOutputsAreNamedAsAzdKeepsThemSoThatTheApiAndTheWorkerDoNotOverwriteEachOther() {
        var main = Bicep.read(INFRA.resolve("main.bicep"));
        var seen = new TreeSet<String>();
        for (var app : List.of("api", "worker")) {
            for (var output : Bicep.read(INFRA.resolve(app + ".bicep")).declarations("output")) {
                assertThat(output.name()).as("%s.bicep output", app).matches(app.toUpperCase() + "_[A-Z0-9_]+");
                assertThat(seen.add(output.name())).as("output %s twice", output.name()).isTrue();
                // The same name as main.bicep's output, where there is one: the same value reaches the environment.
                main.declarations("output").stream().filter(o -> o.name().equals(output.name())).findFirst()
                        .ifPresent(o -> assertThat(o.text()).contains("string"));
            }
        }
        assertThat(seen).contains("API_URL", "API_APP_NAME", "WORKER_APP_NAME");
    }

    @Test
    void theAppsSubnetGoesOutThroughANatGatewayNotTheRetiredDefaultOutboundAccess() {
        var network = Bicep.read(INFRA.resolve("modules/network.bicep"));
        var appsSubnet = network.declaration("var", "appsSubnet").text();
        assertThat(Bicep.property(appsSubnet, "defaultOutboundAccess")).isEqualTo("false");
        assertThat(Bicep.block(appsSubnet, "natGateway")).contains("id: natGateway.id");
        var nat = network.resource("Microsoft.Network/natGateways");
        assertThat(nat.block("publicIpAddresses")).contains("id: egressAddress.id");
        var address = network.resource("Microsoft.Network/publicIPAddresses");
        assertThat(address.block("sku")).contains("name: 'Standard'");
        assertThat(address.property("publicIPAllocationMethod")).isEqualTo("'Static'");
    }

    @Test
    void theHooksCheckTheAudienceFirstAndBuildForAmd64OnAnyMachine() throws IOException {
        var azure = new YAMLMapper().readTree(Path.of("azure.yaml").toFile());
        var preprovision = azure.path("hooks").path("preprovision");
        assertThat(preprovision.path("posix").path("run").asText()).isEqualTo("./infra/hooks/check-settings.sh");
        assertThat(preprovision.path("windows").path("run").asText()).isEqualTo("./infra/hooks/check-settings.ps1");
        assertThat(read(INFRA.resolve("hooks/check-settings.sh"))).contains("JOBS_AUTH_AUDIENCE", "exit 1");
        assertThat(read(INFRA.resolve("hooks/check-settings.ps1"))).contains("JOBS_AUTH_AUDIENCE", "exit 1");
        for (var build : List.of("hooks/build-native.sh", "hooks/build-native.ps1")) {
            var script = read(INFRA.resolve(build));
            // The check runs before the build, which takes minutes.
            assertThat(script.indexOf("check-settings")).as(build).isPositive().isLessThan(script.indexOf("-Dnative"));
            assertThat(script).as(build).contains("--platform=linux/amd64");
        }
        assertThat(read(Path.of(".dockerignore")).lines().toList()).contains("*", "!target/*-runner", "!target/quarkus-app/");
    }

    @Test
    void theQueueIsCreatedAsTheAppExpectsIt() throws IOException {
        var queue = JSON.readTree(INFRA.resolve("queue-settings.json").toFile());
        var lockDuration = Duration.parse(queue.path("lockDuration").asText());
        var window = Duration.parse(queue.path("duplicateDetectionHistoryTimeWindow").asText());
        var ttl = Duration.parse(queue.path("defaultMessageTimeToLive").asText());

        assertThat(queue.path("name").asText()).isEqualTo(text(QueueConfig.ServiceBus.class, "queueName"));
        assertThat(lockDuration).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(5))
                .isLessThan(duration(QueueConfig.ServiceBus.class, "lockRenewal"));
        assertThat(queue.path("maxDeliveryCount").asInt())
                .isGreaterThanOrEqualTo(Integer.parseInt(text(ProcessorConfig.class, "maxAttempts")) + 1);
        assertThat(queue.path("requiresDuplicateDetection").asBoolean()).isTrue();
        assertThat(window).isGreaterThanOrEqualTo(Duration.ofMinutes(10))
                // a job whose message did reach the queue although its marker says otherwise is sent again this
                // late at most: the resend must fall in the window to be dropped
                .isGreaterThanOrEqualTo(duration(JobsConfig.class, "requeueAfter").plus(duration(JobsConfig.class, "requeueCheckInterval")));
        assertThat(queue.path("deadLetteringOnMessageExpiration").asBoolean()).isTrue();
        assertThat(ttl).isGreaterThanOrEqualTo(duration(JobsConfig.class, "timeToLive"));
        // Fair share keys sessions by caller; a queue's requiresSession cannot change after it is created.
        assertThat(queue.path("requiresSession").asBoolean())
                .isEqualTo(Boolean.parseBoolean(text(QueueConfig.FairShare.class, "enabled")));
        assertThat(queue.path("enablePartitioning").asBoolean()).isFalse();

        // The template takes every value from that file, and nothing else sets them.
        var serviceBus = Bicep.read(INFRA.resolve("modules/servicebus.bicep"));
        assertThat(serviceBus.text()).contains("loadJsonContent('../queue-settings.json')");
        var queueResource = serviceBus.resourceNamed("queue");
        queue.fieldNames().forEachRemaining(field -> assertThat(queueResource.property(field)).as(field)
                .isEqualTo("queueSettings." + field));
        // The priority lane: the same values without sessions, named as the app names it by default.
        var priorityLane = serviceBus.resourceNamed("priorityQueue");
        assertThat(priorityLane.type()).isEqualTo(QUEUE);
        assertThat(priorityLane.property("name")).isEqualTo("'${queueSettings.name}-priority'");
        assertThat(priorityLane.property("requiresSession")).isEqualTo("false");
        queue.fieldNames().forEachRemaining(field -> assertThat(priorityLane.property(field)).as(field)
                .isEqualTo(field.equals("requiresSession") ? "false" : field.equals("name") ? "'${queueSettings.name}-priority'"
                        : "queueSettings." + field));
        assertThat(read(Path.of("src/main/resources/application.properties")))
                .contains("${jobs.queue.servicebus.queue-name}-priority}");
        // Standard's fixed 256 KB is the app's default; Premium's is the queue's own, which the template passes on.
        assertThat(serviceBus.declaration("output", "maxMessageSize").text())
                .contains("premiumMaxMessageSizeInKilobytes * 1024 : " + text(QueueConfig.ServiceBus.class, "maxMessageSize"));
        assertThat(queueResource.property("maxMessageSizeInKilobytes")).isEqualTo("premium ? premiumMaxMessageSizeInKilobytes : null");
    }

    @Test
    void docsConfigurationStatesTheQueueValuesOfTheTemplate() throws IOException {
        var queue = JSON.readTree(INFRA.resolve("queue-settings.json").toFile());
        var docs = read(Path.of("docs/configuration.md"));
        assertThat(row(docs, "Lock duration")).contains("`" + queue.path("lockDuration").asText() + "`");
        assertThat(row(docs, "Max delivery count")).contains("| " + queue.path("maxDeliveryCount").asInt() + " ");
        assertThat(row(docs, "Duplicate detection")).contains("on", "`" + queue.path("duplicateDetectionHistoryTimeWindow").asText() + "`");
        assertThat(row(docs, "Dead-lettering on message expiration")).contains("| on ");
        assertThat(row(docs, "Default message time to live")).contains("`" + queue.path("defaultMessageTimeToLive").asText() + "`");
        assertThat(row(docs, "Sessions")).contains(queue.path("requiresSession").asBoolean() ? "| on " : "| off ");
        assertThat(row(docs, "Partitioning")).contains("| off ");
        assertThat(docs).contains("infra/queue-settings.json");
    }

    @Test
    void theLifecycleRuleDeletesTheJobPrefixesAfterTheRetention() {
        var blobAdapter = Stream.of("BlobJobRecords.java", "BlobPendingMarkers.java", "BlobResultStore.java", "BlobJobIndex.java",
                "BlobCallbackDeliveries.java", "BlobActivityShare.java")
                .map(name -> read(Path.of("src/main/java/io/github/asyncjobs/adapter/azure/blob", name)))
                .collect(Collectors.joining("\n"));
        var prefixes = names(Pattern.compile("\"([a-z-]+/)\""), blobAdapter);
        assertThat(prefixes).as("prefixes of the blob adapter").contains("records/", "results/", "pending-by-owner/", "pending/",
                "idempotency-keys/", "owners/", "tags/", "tenants/", "owners-bucketed/", "tags-bucketed/", "tenants-bucketed/", "callbacks/", "pending-callbacks/", "activity/");

        var storage = Bicep.read(INFRA.resolve("modules/storage.bicep"));
        var rule = storage.resource("Microsoft.Storage/storageAccounts/managementPolicies");
        // A prefixMatch entry matches every name that starts with it ("pending" covers three prefixes).
        var matched = names(Pattern.compile("'\\$\\{containerName\\}/([a-z-]+/?)'"), Bicep.block(rule.body(), "prefixMatch"));
        assertThat(prefixes).as("prefixes no lifecycle prefix covers")
                .allMatch(prefix -> matched.stream().anyMatch(prefix::startsWith));
        assertThat(matched).as("lifecycle prefixes that cover none of the adapter's")
                .allMatch(match -> prefixes.stream().anyMatch(prefix -> prefix.startsWith(match)));
        assertThat(matched).as("prefixes in one lifecycle rule: Azure takes at most 10").hasSizeLessThanOrEqualTo(10);
        assertThat(Bicep.property(rule.block("delete"), "daysAfterModificationGreaterThan")).isEqualTo("retentionDays");
        assertThat(Bicep.property(rule.body(), "enabled")).isEqualTo("true");

        var retention = duration(JobsConfig.class, "retention");
        var main = Bicep.read(INFRA.resolve("main.bicep"));
        for (var declaration : List.of(storage.declaration("param", "retentionDays"), main.declaration("param", "retentionDays"))) {
            assertThat(Duration.ofDays(defaultInt(declaration))).as(declaration.text()).isEqualTo(retention);
        }
        // Deleting by last modification never takes an unfinished job (failed as Expired after the time to live)
        // nor a live idempotency key.
        assertThat(retention).isGreaterThan(duration(JobsConfig.class, "timeToLive"))
                .isGreaterThanOrEqualTo(duration(IdempotencyConfig.class, "keyTtl"));
        assertThat(main.module("storage").body()).contains("retentionDays: retentionDays");
        assertThat(storage.declaration("param", "containerName").text())
                .contains("'" + text(StorageConfig.Blob.class, "container") + "'");
    }

    @Test
    void networkIsolationMakesServiceBusAndBlobPrivateAndNeedsPremium() {
        var main = Bicep.read(INFRA.resolve("main.bicep"));
        var checked = main.declaration("var", "checkedServiceBusSku").text();
        assertThat(checked).containsPattern("networkIsolation\\s*&&\\s*serviceBusSku\\s*!=\\s*'Premium'\\s*\\?\\s*fail\\('[^']*Premium");
        var serviceBus = main.module("serviceBus").body();
        assertThat(serviceBus).contains("sku: checkedServiceBusSku", "publicNetworkAccess: networkIsolation ? 'Disabled' : 'Enabled'");
        assertThat(main.module("storage").body()).contains("publicNetworkAccess: networkIsolation ? 'Disabled' : 'Enabled'");
        assertThat(main.declaration("module", "serviceBusEndpoint").text()).contains("if (networkIsolation)", "groupId: 'namespace'");
        assertThat(main.declaration("module", "blobEndpoint").text()).contains("if (networkIsolation)", "groupId: 'blob'");
        assertThat(main.module("containerAppsEnvironment").body()).contains("infrastructureSubnetId: useVnet ? network.outputs.appsSubnetId");
        assertThat(main.declaration("var", "useVnet").text()).contains("networkIsolation");

        var namespace = Bicep.read(INFRA.resolve("modules/servicebus.bicep")).resource("Microsoft.ServiceBus/namespaces");
        assertThat(namespace.property("publicNetworkAccess")).isEqualTo("publicNetworkAccess");
        assertThat(namespace.property("zoneRedundant")).isEqualTo("premium && zoneRedundant");
        var account = Bicep.read(INFRA.resolve("modules/storage.bicep")).resource(ACCOUNT);
        assertThat(account.property("publicNetworkAccess")).isEqualTo("publicNetworkAccess");
        assertThat(account.block("sku")).contains("zoneRedundant ? 'Standard_ZRS' : 'Standard_LRS'");
    }

    @Test
    void mainFollowsTheAzdConventions() throws IOException {
        var main = Bicep.read(INFRA.resolve("main.bicep"));
        assertThat(main.text()).containsPattern("(?m)^targetScope = 'subscription'");
        assertThat(main.declaration("param", "environmentName")).isNotNull();
        assertThat(main.declaration("param", "location")).isNotNull();
        assertThat(main.declaration("var", "resourceToken").text()).contains("uniqueString(subscription().id, environmentName, location)");
        assertThat(main.resource("Microsoft.Resources/resourceGroups").body()).contains("tags: tags");
        assertThat(main.declaration("var", "tags").text()).contains("'azd-env-name': environmentName");
        assertThat(main.declaration("output", "AZURE_CONTAINER_REGISTRY_ENDPOINT")).isNotNull();

        var parameters = JSON.readTree(INFRA.resolve("main.parameters.json").toFile()).path("parameters");
        assertThat(parameters.path("environmentName").path("value").asText()).isEqualTo("${AZURE_ENV_NAME}");
        assertThat(parameters.path("location").path("value").asText()).isEqualTo("${AZURE_LOCATION}");
        parameters.fieldNames().forEachRemaining(name -> assertThat(main.declaration("param", name)).as(name).isNotNull());
    }

    @Test
    void azdBuildsTheNativeImageOnceAndDeploysItAsBothApps() throws IOException {
        var azure = new YAMLMapper().readTree(Path.of("azure.yaml").toFile());
        for (var hook : List.of("prepackage", "predeploy")) {
            var script = Path.of(azure.path("hooks").path(hook).path("posix").path("run").asText());
            assertThat(read(script)).as(hook).contains("-Dnative", "-Dquarkus.native.container-build=true", "target/*-runner");
            assertThat(Path.of(azure.path("hooks").path(hook).path("windows").path("run").asText())).exists();
        }
        var main = Bicep.read(INFRA.resolve("main.bicep"));
        var outputs = main.declarations("output").stream().map(Declaration::name).collect(Collectors.toSet());
        for (var service : List.of("api", "worker")) {
            var config = azure.path("services").path(service);
            assertThat(config.path("host").asText()).isEqualTo("containerapp");
            assertThat(config.path("language").asText()).isEqualTo("docker");
            var dockerfile = Path.of(config.path("project").asText()).resolve(config.path("docker").path("path").asText());
            assertThat(dockerfile).hasFileName("Dockerfile.native-micro");
            assertThat(read(dockerfile)).contains("target/*-runner");

            // azd deploys infra/<service>.bicep with infra/<service>.bicepparam; azd finds the app by its tag.
            var app = Bicep.read(INFRA.resolve(service + ".bicep"));
            assertThat(app.resource("Microsoft.App/containerApps").block("tags")).contains("'azd-service-name': '" + service + "'");
            var params = bicepParams(INFRA.resolve(service + ".bicepparam"));
            assertThat(params).containsEntry("image", "SERVICE_" + service.toUpperCase() + "_IMAGE_NAME");
            for (var param : app.declarations("param")) {
                if (!param.text().contains("=")) {
                    assertThat(params).as("%s.bicepparam sets %s", service, param.name()).containsKey(param.name());
                }
            }
            params.forEach((param, variable) -> {
                assertThat(app.declaration("param", param)).as("%s.bicep has param %s", service, param).isNotNull();
                if (!Set.of("AZURE_ENV_NAME", "AZURE_LOCATION").contains(variable) && !variable.endsWith("_IMAGE_NAME")) {
                    assertThat(outputs).as("%s.bicepparam reads %s, which main.bicep must output", service, variable).contains(variable);
                }
            });
            assertThat(main.declaration("module", service).text()).contains("if (deployApps)", "'" + service + ".bicep'");
        }
    }

    // ----------------------------------------------------------------------------------------------------------------

    private static void assertProbedOnTheManagementPort(Bicep bicep, Resource app) {
        var probes = app.block("probes");
        assertThat(probes).containsPattern("type: 'Liveness'\\s+httpGet: \\{\\s+path: '/q/health/live'")
                .containsPattern("type: 'Readiness'\\s+httpGet: \\{\\s+path: '/q/health/ready'");
        var ports = Bicep.properties(probes, "port");
        assertThat(ports).hasSize(2).allSatisfy(port -> assertThat(bicep.resolve(port)).isEqualTo("9000"));
    }

    private static void assertGracefulShutdownFits(Resource app) {
        var shutdown = read(Path.of("src/main/resources/application.properties")).lines()
                .filter(line -> line.startsWith("quarkus.shutdown.timeout=")).findFirst().orElseThrow();
        var grace = Integer.parseInt(app.property("terminationGracePeriodSeconds"));
        assertThat(grace).isGreaterThanOrEqualTo(30)
                .isGreaterThan((int) DurationConverter.parseDuration(shutdown.substring(shutdown.indexOf('=') + 1)).toSeconds());
    }

    /** param name to the environment variable a .bicepparam file reads for it. */
    private static Map<String, String> bicepParams(Path file) {
        var params = new LinkedHashMap<String, String>();
        var matcher = Pattern.compile("(?m)^param (\\w+) = .*?readEnvironmentVariable\\('([A-Z0-9_]+)'").matcher(read(file));
        while (matcher.find()) {
            params.put(matcher.group(1), matcher.group(2));
        }
        return params;
    }

    private static String row(String markdown, String firstCell) {
        return markdown.lines().filter(line -> line.startsWith("| " + firstCell + " |")).findFirst()
                .orElseThrow(() -> new AssertionError("no table row '" + firstCell + "' in docs/configuration.md"));
    }

    private static int defaultInt(Declaration param) {
        var matcher = Pattern.compile("=\\s*(\\d+)\\s*$").matcher(param.text().strip());
        assertThat(matcher.find()).as(param.text()).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static String text(Class<?> config, String method) {
        try {
            return config.getMethod(method).getAnnotation(WithDefault.class).value();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(config.getName() + "." + method, e);
        }
    }

    private static Duration duration(Class<?> config, String method) {
        return DurationConverter.parseDuration(text(config, method));
    }

    private static List<String> guids(String text) {
        var guids = new ArrayList<String>();
        var matcher = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").matcher(text);
        while (matcher.find()) {
            guids.add(matcher.group());
        }
        return guids;
    }

    private static Set<String> names(Pattern pattern, String text) {
        var names = new TreeSet<String>();
        var matcher = pattern.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        var union = new TreeSet<String>();
        for (var set : sets) {
            union.addAll(set);
        }
        return union;
    }

    private static List<Path> bicepFiles() {
        try (var files = Files.walk(INFRA)) {
            var list = files.filter(file -> file.toString().endsWith(".bicep")).sorted().toList();
            assertThat(list).isNotEmpty();
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
