package io.github.asyncjobs.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link JobFlowTest} against the packaged application (the JAR, or the native executable with -Dnative). */
@QuarkusIntegrationTest
class JobFlowIT extends JobFlowTest {
}
