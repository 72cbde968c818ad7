package org.opentrove.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.temporal.client.WorkflowClient;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentrove.api.core.OperationControl;
import org.opentrove.api.core.OperationStarter;
import org.opentrove.api.quota.QuotaConfig;
import org.opentrove.api.quota.Quotas;
import org.opentrove.api.views.OperationView;
import org.opentrove.model.OperationSteps;
import org.opentrove.model.OperationType;
import org.opentrove.store.OperationDao;
import org.opentrove.store.OperationRow;
import org.opentrove.store.OperationState;
import org.opentrove.store.Store;
import org.opentrove.store.TestDatabase;
import org.opentrove.temporal.WorkflowIds;

/**
 * {@code GET /v1.0/{project}/operations/{id}} over operations written with the real DAO. Retry and
 * cancel start workflows and are left to the system tests.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OperationsResourceTest {
  private static final TestDatabase DB = TestDatabase.createMigrated();
  private static final Jdbi JDBI = Store.jdbi(DB.dataSource());
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  static final ResourceExtension RESOURCES;

  static {
    WorkflowClient workflows = mock(WorkflowClient.class);
    Clock clock = Clock.systemUTC();
    RESOURCES =
        ResourceTestSupport.extension(
            new OperationsResource(
                JDBI,
                new OperationView(Jackson.newObjectMapper()),
                new OperationControl(
                    JDBI,
                    workflows,
                    new OperationStarter(workflows, JDBI, clock),
                    clock,
                    new Quotas(JDBI, new QuotaConfig()))));
  }

  @AfterAll
  static void dropDatabase() {
    DB.close();
  }

  /** A create of project {@code project}, two steps in: queue and volume done, server running. */
  private static String createInProgress(String project) {
    UUID instance = UUID.randomUUID();
    String id = WorkflowIds.instanceCreate(instance);
    OperationDao dao = JDBI.onDemand(OperationDao.class);
    dao.insert(
        new OperationRow(
            id,
            OperationType.INSTANCE_CREATE.code(),
            "instance",
            instance,
            project,
            "req-1",
            "{\"instance\": {\"name\": \"orders\", \"users\": [{\"password\": \"***\"}]}}",
            OperationState.PENDING,
            null,
            null,
            null,
            true,
            T0,
            T0),
        new byte[0]);
    dao.recordStep(id, OperationSteps.CREATE_QUEUE_AND_VOLUME, T0);
    dao.recordStep(id, OperationSteps.CREATE_SERVER, T0.plusMillis(1500));
    return id;
  }

  private static Response get(String project, String path) {
    return ResourceTestSupport.get(RESOURCES, project, path).get();
  }

  @Test
  void showsTheOperationWithItsRequestStepsAndProgress() {
    String id = createInProgress("p1");

    Response response = get("p1", "/v1.0/p1/operations/" + id);

    assertThat(response.getStatus()).isEqualTo(200);
    JsonNode operation = response.readEntity(JsonNode.class).get("operation");
    assertThat(operation.get("id").asText()).isEqualTo(id);
    assertThat(operation.get("type").asText()).isEqualTo("instance-create");
    assertThat(operation.at("/resource/type").asText()).isEqualTo("instance");
    assertThat(operation.get("state").asText()).isEqualTo("RUNNING");
    assertThat(operation.get("current_step").asText()).isEqualTo("create-server");
    assertThat(operation.at("/request/instance/name").asText()).isEqualTo("orders");
    assertThat(operation.at("/request/instance/users/0/password").asText()).isEqualTo("***");
    JsonNode steps = operation.get("steps");
    assertThat(steps).hasSize(2);
    assertThat(steps.at("/0/name").asText()).isEqualTo("create-queue-and-volume");
    assertThat(steps.at("/0/duration_ms").asLong()).isEqualTo(1500);
    assertThat(steps.at("/1/name").asText()).isEqualTo("create-server");
    assertThat(steps.at("/1/finished").isNull()).isTrue();
    assertThat(operation.at("/progress/steps_done").asInt()).isEqualTo(1);
    assertThat(operation.at("/progress/steps_total").asInt()).isEqualTo(4);
    assertThat(operation.at("/progress/percent").asInt()).isEqualTo(25);
  }

  @Test
  void anotherProjectsOperationIs404NotItsContents() {
    String id = createInProgress("p1");

    Response response = get("p2", "/v1.0/p2/operations/" + id);

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.readEntity(JsonNode.class).at("/itemNotFound/message").asText())
        .isEqualTo("Operation " + id + " could not be found.");
  }

  @Test
  void anUnknownOperationIs404() {
    String id = WorkflowIds.instanceCreate(UUID.randomUUID());

    Response response = get("p1", "/v1.0/p1/operations/" + id);

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.readEntity(JsonNode.class).has("itemNotFound")).isTrue();
  }
}
