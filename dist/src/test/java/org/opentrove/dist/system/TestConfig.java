package org.opentrove.dist.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a config.yml for a process of the system under test. */
final class TestConfig {
  /** The project that keeps Trove-like rates (60 GETs a minute) in every test system. */
  static final String RATE_LIMITED_PROJECT = "rate-limited";

  private TestConfig() {}

  /** The object store settings as one YAML flow mapping (values JSON-quoted). */
  private static String backups(TestServices services) throws IOException {
    return json(services.backups);
  }

  private static String json(Object settings) throws IOException {
    return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(settings);
  }

  static Path write(TestServices services, String name, List<String> roles) throws IOException {
    String yaml =
        """
        roles: %s
        server:
          registerDefaultExceptionMappers: false
          applicationConnectors:
            - {type: http, bindHost: 127.0.0.1, port: 0}
          adminConnectors:
            - {type: http, bindHost: 127.0.0.1, port: 0}
        database:
          driverClass: org.postgresql.Driver
          url: %s
          user: postgres
          password: ""
          checkConnectionOnBorrow: true
          validationInterval: 1s
        temporal:
          target: 127.0.0.1:%d
          payloadKey: %s
          stickyExecution: false
          guestReadyTimeoutSeconds: 120
          guestLivenessCheckSeconds: 2
          activityReportDelayMillis: %d
        amqp:
          uri: %s
          exchange: %s
          conductorQueue: %s
          managementUri: %s
        api:
          adminToken: %s
          authMode: %s
          keystone: %s
          heartbeatExpirySeconds: 5
          reconcileGraceSeconds: 1
          reconcilePeriodSeconds: 0.5
          guestCallTimeoutSeconds: 3
          # Fleet tests and benchmarks run more than Trove's default 10 instances in a project;
          # quota tests set their project's own limits.
          quotas: {maxInstancesPerTenant: 1000, maxVolumesPerTenant: 100000, maxBackupsPerTenant: 10000}
          # Fleet tests list more than Trove's 20 in one page.
          instancesPageSize: 1000
          backupsPageSize: 1000
          # Tests poll faster than Trove's 200 a minute; RateLimitTest's project has Trove's kind.
          rateLimits:
            defaults: {get: 1000000, post: 1000000, put: 1000000, delete: 1000000, mgmtPost: 1000000}
            projects: {rate-limited: {get: 60}}
        conductor:
          batchSize: 200
        compute:
          driver: %s
          nova: %s
          local:
            dataRoot: %s
            heartbeatIntervalSeconds: 0.5
            portRangeStart: %d
            portRangeEnd: %d
            stopGraceSeconds: 15
            runtime: %s
            guestClasspath: "%s"
            guestClassArchiveDir: %s
        guestCallTimeoutSeconds: 10
        backups: %s
        logging:
          level: INFO
          loggers:
            io.temporal: WARN
          appenders:
            - type: file
              currentLogFilename: %s
              archive: false
        """
            .formatted(
                roles,
                services.databaseUrl(),
                services.temporal.port(),
                services.payloadKey,
                services.activityReportDelayMillis,
                services.amqpUri,
                services.exchange,
                services.conductorQueue,
                services.amqpManagementUri,
                TestServices.ADMIN_TOKEN,
                services.keystone == null ? "noauth" : "keystone",
                json(
                    services.keystone == null
                        ? new org.opentrove.api.auth.KeystoneConfig()
                        : services.keystone),
                services.nova == null ? "local" : "nova",
                json(
                    services.nova == null
                        ? new org.opentrove.activities.compute.nova.NovaComputeConfig()
                        : services.nova),
                services.dataRoot,
                services.portRangeStart,
                services.portRangeEnd,
                TestServices.runtime(),
                GuestClasspath.jarsOnly(),
                GuestClasspath.ARCHIVE_DIR,
                backups(services),
                services.workDir.resolve(name + ".log"));
    Path file = services.workDir.resolve(name + ".yml");
    Files.deleteIfExists(file);
    Files.createFile(
        file,
        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, yaml);
    return file;
  }
}
