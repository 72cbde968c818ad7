package org.opentrove.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.opentrove.api.errors.TroveError;
import org.opentrove.api.quota.QuotaConfig;
import org.opentrove.api.quota.Quotas;
import org.opentrove.store.BackupDao;
import org.opentrove.store.BackupRow;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.InstanceRow;
import org.opentrove.store.Store;
import org.opentrove.store.TestDatabase;

/** Trove's paging of instance and backup lists over the real schema. */
class ListPagingTest {
  private static final TestDatabase DB = TestDatabase.createMigrated();
  private static final Jdbi JDBI = Store.jdbi(DB.dataSource());
  private static final UUID VERSION = UUID.fromString("6f0a4b1e-6a39-4f5c-9d8b-0c1d2e3f4a15");
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  // Paging reads the store only; no operation is started.
  private final OperationStarter starter = mock(OperationStarter.class);
  private final Quotas quotas = new Quotas(JDBI, new QuotaConfig());
  private final InstanceService instances =
      new InstanceService(
          JDBI,
          starter,
          new InstanceStatus(Duration.ofSeconds(20)),
          new ObjectMapper(),
          Clock.systemUTC(),
          "postgresql",
          quotas,
          VolumeTypes.NONE);
  private final BackupService backups =
      new BackupService(
          JDBI,
          instances,
          new InstanceStatus(Duration.ofSeconds(20)),
          starter,
          new ObjectMapper(),
          Clock.systemUTC(),
          quotas);

  @AfterAll
  static void dropDatabase() {
    DB.close();
  }

  @Test
  void instancesComePageByPageAfterTheMarkerWithTheNextMarkerWhileMoreFollow() {
    String project = "p-" + UUID.randomUUID();
    List<UUID> ids = insertInstances(project, 5);

    Page<InstanceRow> first = instances.page(project, false, "2", null, 20);
    assertThat(first.items()).extracting(InstanceRow::id).containsExactly(ids.get(0), ids.get(1));
    assertThat(first.nextMarker()).isEqualTo(ids.get(1).toString());
    Page<InstanceRow> second = instances.page(project, false, "2", first.nextMarker(), 20);
    assertThat(second.items()).extracting(InstanceRow::id).containsExactly(ids.get(2), ids.get(3));
    Page<InstanceRow> last = instances.page(project, false, "2", second.nextMarker(), 20);
    assertThat(last.items()).extracting(InstanceRow::id).containsExactly(ids.get(4));
    assertThat(last.nextMarker()).isNull();
  }

  @Test
  void theLimitNeverExceedsThePageSizeAndNoneOrZeroIsThePageSize() {
    String project = "p-" + UUID.randomUUID();
    insertInstances(project, 4);

    assertThat(instances.page(project, false, "10", null, 3).items()).hasSize(3);
    assertThat(instances.page(project, false, null, null, 3).nextMarker()).isNotNull();
    assertThat(instances.page(project, false, "0", null, 3).items()).hasSize(3);
    assertThat(instances.page(project, false, null, null, 20).nextMarker()).isNull();
  }

  @Test
  void aPageFollowsAMarkerDeletedSinceAndAMarkerThatIsNoIdHasNothingAfterIt() {
    String project = "p-" + UUID.randomUUID();
    List<UUID> ids = insertInstances(project, 3);
    JDBI.useExtension(InstanceDao.class, dao -> dao.markDeleted(ids.get(0), T0));

    assertThat(instances.page(project, false, null, ids.get(0).toString(), 20).items())
        .extracting(InstanceRow::id)
        .containsExactly(ids.get(1), ids.get(2));
    assertThat(instances.page(project, false, null, "not-an-id", 20).items()).isEmpty();
    assertThatThrownBy(() -> instances.page(project, false, "two", null, 20))
        .isInstanceOfSatisfying(TroveError.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  @Test
  void backupsComeNewestFirstWithAnOffsetMarkerAsTroveDoes() {
    String project = "p-" + UUID.randomUUID();
    UUID instance = insertInstances(project, 1).get(0);
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      UUID id = UUID.randomUUID();
      Instant at = T0.plusSeconds(i);
      JDBI.useExtension(
          BackupDao.class,
          dao -> dao.insertNew(id, project, instance, "b", null, null, VERSION, id + "/", at));
      ids.add(id);
    }

    Page<BackupRow> first = backups.page(project, Optional.empty(), "2", null, 20);
    assertThat(first.items()).extracting(BackupRow::id).containsExactly(ids.get(2), ids.get(1));
    assertThat(first.nextMarker()).isEqualTo("2");
    Page<BackupRow> rest = backups.page(project, Optional.of(instance), "2", "2", 20);
    assertThat(rest.items()).extracting(BackupRow::id).containsExactly(ids.get(0));
    assertThat(rest.nextMarker()).isNull();
    assertThatThrownBy(() -> backups.page(project, Optional.empty(), null, "x", 20))
        .isInstanceOfSatisfying(TroveError.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  private static List<UUID> insertInstances(String project, int count) {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      UUID id = UUID.randomUUID();
      Instant created = T0.plusSeconds(i);
      JDBI.useExtension(
          InstanceDao.class, dao -> dao.insertBuilding(id, project, "i", "1", VERSION, 1, created));
      ids.add(id);
    }
    return ids;
  }
}
