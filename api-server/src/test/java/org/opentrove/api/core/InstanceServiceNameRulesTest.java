package org.opentrove.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.opentrove.api.errors.TroveError;
import org.opentrove.store.BackupDao;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.Store;
import org.opentrove.store.TestDatabase;
import org.opentrove.temporal.api.CreateInstanceRequest;

/**
 * A create's databases and users follow the engine of the datastore the create resolves to, however
 * the request named it: by id, or through a restored backup. Against the real control-plane schema.
 */
class InstanceServiceNameRulesTest {
  private static final String MARIADB_ID = "6f0a4b1e-6a39-4f5c-9d8b-0c1d2e3f4b01";
  private static final UUID MARIADB_VERSION =
      UUID.fromString("6f0a4b1e-6a39-4f5c-9d8b-0c1d2e3f4b11");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TestDatabase database;
  private static Jdbi jdbi;
  private final OperationStarter starter = mock(OperationStarter.class);
  private InstanceService service;

  @BeforeAll
  static void createDatabase() {
    database = TestDatabase.createMigrated();
    jdbi = Store.jdbi(database.dataSource());
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
  }

  @org.junit.jupiter.api.BeforeEach
  void setUp() {
    when(starter.encode(any())).thenReturn(new byte[] {1});
    service =
        new InstanceService(
            jdbi,
            starter,
            new InstanceStatus(java.time.Duration.ofSeconds(20)),
            JSON,
            Clock.systemUTC(),
            "postgresql",
            new org.opentrove.api.quota.Quotas(jdbi, new org.opentrove.api.quota.QuotaConfig()),
            VolumeTypes.NONE);
  }

  @Test
  void aMariaDbNamedByItsIdGetsMariaDbsRules() throws Exception {
    int before = rows();
    NewInstance request =
        parse(
            "{\"datastore\": {\"type\": \""
                + MARIADB_ID
                + "\"}, \"databases\": [{\"name\": \"mysql\"}]}");

    assertThatThrownBy(() -> service.create("p1", request, null, Optional.empty()))
        .isInstanceOfSatisfying(TroveError.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessageContaining("reserved");
    assertThat(rows()).isEqualTo(before);
  }

  @Test
  void aMariaDbNamedByItsIdGetsMariaDbsCharacterSets() throws Exception {
    NewInstance request =
        parse(
            "{\"datastore\": {\"type\": \""
                + MARIADB_ID
                + "\"}, \"databases\": [{\"name\": \"shop\", \"character_set\": \"UTF8MB4\"}],"
                + " \"users\": [{\"name\": \"bob\", \"password\": \"pw\", \"host\": \"10.0.0.%\","
                + " \"databases\": [{\"name\": \"shop\"}]}]}");

    service.create("p1", request, null, Optional.empty());

    ArgumentCaptor<CreateInstanceRequest> started =
        ArgumentCaptor.forClass(CreateInstanceRequest.class);
    verify(starter).startCreate(started.capture());
    assertThat(started.getValue().datastore()).isEqualTo("mariadb");
    assertThat(started.getValue().databases().get(0).characterSet()).isEqualTo("utf8mb4");
    assertThat(started.getValue().users().get(0).host()).isEqualTo("10.0.0.%");
  }

  @Test
  void aRestoreOfAMariaDbBackupGetsMariaDbsRules() throws Exception {
    UUID backup = completedMariaDbBackup("p2");
    int before = rows();
    NewInstance request =
        parse(
            "{\"restorePoint\": {\"backupRef\": \""
                + backup
                + "\"}, \"users\": [{\"name\": \"eve\", \"password\": \"pw\", \"databases\":"
                + " [{\"name\": \"mysql\"}]}], \"databases\": [{\"name\": \"mysql\"}]}");

    assertThatThrownBy(() -> service.create("p2", request, null, Optional.empty()))
        .isInstanceOfSatisfying(TroveError.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessageContaining("reserved");
    assertThat(rows()).isEqualTo(before);
  }

  @Test
  void anUnknownCharacterSetCreatesNothing() throws Exception {
    int before = rows();
    NewInstance request =
        parse(
            "{\"databases\": [{\"name\": \"a\"}, {\"name\": \"b\", \"character_set\":"
                + " \"bogus\"}]}");

    assertThatThrownBy(() -> service.create("p1", request, null, Optional.empty()))
        .hasMessageContaining("bogus");
    assertThat(rows()).isEqualTo(before);
  }

  private static NewInstance parse(String fields) throws Exception {
    String body =
        "{\"instance\": {\"name\": \"i\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}, "
            + fields.substring(1)
            + "}";
    return NewInstance.parse(JSON.readTree(body), 100);
  }

  private static UUID completedMariaDbBackup(String project) {
    UUID instance = UUID.randomUUID();
    UUID backup = UUID.randomUUID();
    Instant now = Instant.now();
    jdbi.useExtension(
        InstanceDao.class,
        dao -> dao.insertBuilding(instance, project, "source", "1", MARIADB_VERSION, 1, now));
    jdbi.useExtension(
        BackupDao.class,
        dao -> {
          dao.insertNew(
              backup, project, instance, "b", null, null, MARIADB_VERSION, backup + "/", now);
          dao.complete(backup, instance, 10, "sum", "{}", now);
        });
    return backup;
  }

  private static int rows() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "select (select count(*) from instances) + (select count(*) from operations)")
                .mapTo(Integer.class)
                .one());
  }
}
