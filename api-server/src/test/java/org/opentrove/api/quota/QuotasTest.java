package org.opentrove.api.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.opentrove.api.errors.TroveError;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.OperationDao;
import org.opentrove.store.OperationRow;
import org.opentrove.store.OperationState;
import org.opentrove.store.QuotaDao;
import org.opentrove.store.Store;
import org.opentrove.store.TestDatabase;

/** Trove's quotas over the real schema on PostgreSQL: limits, usage, reservations, the lock. */
class QuotasTest {
  private static final TestDatabase DB = TestDatabase.createMigrated();
  private static final Jdbi JDBI = Store.jdbi(DB.dataSource());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final UUID VERSION =
      JDBI.withHandle(
          h -> h.createQuery("select id from datastore_versions limit 1").mapTo(UUID.class).one());
  private static final int FLAVOR_RAM =
      JDBI.withHandle(
          h -> h.createQuery("select ram_mb from flavors where id = '1'").mapTo(int.class).one());

  private final Quotas quotas = new Quotas(JDBI, new QuotaConfig());

  @AfterAll
  static void dropDatabase() {
    DB.close();
  }

  @Test
  void concurrentCreatesNeverTakeMoreThanTheLimit() throws Exception {
    String project = project();
    quotas.update(project, json("{\"quotas\": {\"instances\": 3}}"));
    int clients = 20;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> outcomes = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      outcomes.add(
          pool.submit(
              () -> {
                go.await();
                try {
                  JDBI.useTransaction(
                      h -> {
                        quotas.take(h, project, QuotaDeltas.instances(1, FLAVOR_RAM, 1));
                        h.attach(InstanceDao.class)
                            .insertBuilding(UUID.randomUUID(), project, "i", "1", VERSION, 1, T0);
                      });
                  return true;
                } catch (TroveError e) {
                  assertThat(e.code()).isEqualTo(413);
                  return false;
                }
              }));
    }
    go.countDown();
    int created = 0;
    for (Future<Boolean> outcome : outcomes) {
      created += outcome.get(60, TimeUnit.SECONDS) ? 1 : 0;
    }
    pool.shutdown();

    assertThat(created).isEqualTo(3);
    assertThat(usage(project, QuotaResource.INSTANCES).inUse()).isEqualTo(3);
  }

  @Test
  void everyResourceOverItsLimitIsNamedSortedAsTroveDoes() {
    String project = project();
    quotas.update(project, json("{\"quotas\": {\"instances\": 0, \"volumes\": 0}}"));

    assertThatThrownBy(
            () ->
                JDBI.useTransaction(
                    h -> quotas.take(h, project, QuotaDeltas.instances(1, FLAVOR_RAM, 1))))
        .isInstanceOfSatisfying(
            TroveError.class,
            e -> {
              assertThat(e.code()).isEqualTo(413);
              assertThat(e.name()).isEqualTo("overLimit");
              assertThat(e.getMessage())
                  .isEqualTo("Quota exceeded for resources: ['instances', 'volumes'].");
            });
  }

  @Test
  void aReleasedInstanceNoLongerCountsAndADeletedOneNeither() {
    String project = project();
    UUID released = insertInstance(project, 2);
    UUID deleted = insertInstance(project, 3);
    insertInstance(project, 5);
    assertThat(usage(project, QuotaResource.VOLUMES).inUse()).isEqualTo(10);

    JDBI.useExtension(QuotaDao.class, dao -> dao.releaseInstance(released));
    JDBI.useExtension(InstanceDao.class, dao -> dao.markDeleted(deleted, T0));

    assertThat(usage(project, QuotaResource.INSTANCES).inUse()).isEqualTo(1);
    assertThat(usage(project, QuotaResource.VOLUMES).inUse()).isEqualTo(5);
    assertThat(usage(project, QuotaResource.RAM).inUse()).isEqualTo(FLAVOR_RAM);
  }

  @Test
  void aRetryTakesAReleasedInstancesQuotaAgainOrIsRefused() {
    String project = project();
    UUID released = insertInstance(project, 1);
    JDBI.useExtension(QuotaDao.class, dao -> dao.releaseInstance(released));
    UUID other = insertInstance(project, 1);
    quotas.update(project, json("{\"quotas\": {\"instances\": 1}}"));

    assertThatThrownBy(() -> JDBI.useTransaction(h -> quotas.retakeInstance(h, released)))
        .isInstanceOfSatisfying(TroveError.class, e -> assertThat(e.code()).isEqualTo(413));
    JDBI.useExtension(InstanceDao.class, dao -> dao.markDeleted(other, T0));
    JDBI.useTransaction(h -> quotas.retakeInstance(h, released));

    assertThat(usage(project, QuotaResource.INSTANCES).inUse()).isEqualTo(1);
  }

  @Test
  void aResizeReservesItsGrowthUntilItsOperationEnds() {
    String project = project();
    UUID instance = insertInstance(project, 1);
    String operation = "instance-resize-volume/" + instance + "/1";
    JDBI.useTransaction(
        h -> {
          h.attach(OperationDao.class).insert(pending(operation, instance, project), new byte[0]);
          quotas.reserve(h, project, operation, QuotaDeltas.of(QuotaResource.VOLUMES, 4));
        });
    QuotaUsage during = usage(project, QuotaResource.VOLUMES);
    assertThat(during.inUse()).isEqualTo(1);
    assertThat(during.reserved()).isEqualTo(4);

    JDBI.useExtension(
        OperationDao.class, dao -> dao.finish(operation, OperationState.FAILED, "no", T0));

    assertThat(usage(project, QuotaResource.VOLUMES).reserved()).isZero();
  }

  @Test
  void aRetriedResizeTakesItsReservationAgainOrIsRefused() {
    String project = project();
    UUID instance = insertInstance(project, 1);
    String operation = "instance-resize-volume/" + instance + "/2";
    JDBI.useTransaction(
        h -> {
          h.attach(OperationDao.class).insert(pending(operation, instance, project), new byte[0]);
          quotas.reserve(h, project, operation, QuotaDeltas.of(QuotaResource.VOLUMES, 4));
        });
    JDBI.useExtension(
        OperationDao.class, dao -> dao.finish(operation, OperationState.FAILED, "no", T0));
    insertInstance(project, 36); // 37 of 40 GB held: the 4 GB growth no longer fits

    assertThatThrownBy(
            () -> JDBI.useTransaction(h -> quotas.retakeReservations(h, project, operation)))
        .isInstanceOfSatisfying(
            TroveError.class,
            e ->
                assertThat(e.getMessage()).isEqualTo("Quota exceeded for resources: ['volumes']."));
  }

  @Test
  void defaultsApplyUntilAProjectIsGivenItsOwnLimits() {
    String project = project();
    assertThat(quotas.usage(project))
        .extracting(QuotaUsage::resource, QuotaUsage::limit)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(QuotaResource.INSTANCES, 10),
            org.assertj.core.groups.Tuple.tuple(QuotaResource.RAM, -1),
            org.assertj.core.groups.Tuple.tuple(QuotaResource.BACKUPS, 50),
            org.assertj.core.groups.Tuple.tuple(QuotaResource.VOLUMES, 40));

    assertThat(quotas.update(project, json("{\"quotas\": {\"backups\": 7, \"ram\": null}}")))
        .containsExactly(java.util.Map.entry("backups", 7));
    assertThat(usage(project, QuotaResource.BACKUPS).limit()).isEqualTo(7);
  }

  @Test
  void aBadUpdateIsRefusedAsTroveDoesAndWritesNothing() {
    String project = project();
    assertThatThrownBy(
            () -> quotas.update(project, json("{\"quotas\": {\"instances\": 2, \"cores\": 4}}")))
        .isInstanceOfSatisfying(
            TroveError.class,
            e -> {
              assertThat(e.code()).isEqualTo(404);
              assertThat(e.getMessage()).isEqualTo("Unknown quota resources cores.");
            });
    assertThatThrownBy(() -> quotas.update(project, json("{\"quotas\": {\"instances\": -2}}")))
        .isInstanceOfSatisfying(
            TroveError.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "Quota limit '-2' for 'instances' is too small - must be at least '-1'."));
    for (String body :
        List.of(
            "{}", "{\"quotas\": {}}", "{\"quotas\": []}", "{\"quotas\": {\"instances\": \"x\"}}")) {
      assertThatThrownBy(() -> quotas.update(project, json(body)))
          .isInstanceOfSatisfying(TroveError.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    assertThat(usage(project, QuotaResource.INSTANCES).limit()).isEqualTo(10);
  }

  private QuotaUsage usage(String project, QuotaResource resource) {
    return quotas.usage(project).stream()
        .filter(u -> u.resource() == resource)
        .findFirst()
        .orElseThrow();
  }

  private static UUID insertInstance(String project, int volumeGb) {
    UUID id = UUID.randomUUID();
    JDBI.useExtension(
        InstanceDao.class, dao -> dao.insertBuilding(id, project, "i", "1", VERSION, volumeGb, T0));
    return id;
  }

  private static OperationRow pending(String id, UUID instance, String project) {
    return new OperationRow(
        id,
        "instance-resize-volume",
        "instance",
        instance,
        project,
        "req-1",
        "{}",
        OperationState.PENDING,
        null,
        null,
        null,
        true,
        T0,
        T0);
  }

  private static String project() {
    return "p-" + UUID.randomUUID();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
