package org.opentrove.dist.system;

import io.dropwizard.testing.DropwizardTestSupport;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.activities.compute.VmDirectory;
import org.opentrove.activities.compute.VmProcesses;
import org.opentrove.dist.TroveApplication;
import org.opentrove.dist.TroveConfiguration;
import org.opentrove.store.Store;
import org.opentrove.temporal.TemporalClients;
import org.opentrove.temporal.TemporalConfig;

/**
 * The whole system on real services: API and conductor in this JVM, the worker in this JVM or in
 * its own process (for crash tests), guests as detached processes.
 */
final class TroveSystem implements AutoCloseable {
  final TestServices services;
  final DropwizardTestSupport<TroveConfiguration> app;
  final ApiClient api;
  final Jdbi jdbi;
  final Path workerConfig;
  private WorkerProcess worker;

  private TroveSystem(boolean workerInProcess) throws Exception {
    this(workerInProcess, new TestServices());
  }

  private TroveSystem(boolean workerInProcess, TestServices services) throws Exception {
    this.services = services;
    List<String> roles = new ArrayList<>(List.of("api", "conductor"));
    if (workerInProcess) {
      roles.add("worker");
    }
    Path config = TestConfig.write(services, "app", roles);
    workerConfig = TestConfig.write(services, "worker", List.of("worker"));
    app = new DropwizardTestSupport<>(TroveApplication.class, config.toString());
    app.before();
    api = new ApiClient(app.getLocalPort());
    jdbi = Store.jdbi(services.database.dataSource());
  }

  /** Everything in this JVM, guests getting their datastore ports from {@code start..end}. */
  static TroveSystem startWithPortRange(int start, int end) throws Exception {
    TestServices services = new TestServices();
    services.portRangeStart = start;
    services.portRangeEnd = end;
    return new TroveSystem(true, services);
  }

  /** Everything in this JVM, on a control-plane database at {@code jdbcUrl} (migrated). */
  static TroveSystem startOnDatabase(String jdbcUrl) throws Exception {
    TestServices services = new TestServices();
    services.databaseUrlOverride = jdbcUrl;
    return new TroveSystem(true, services);
  }

  /** Everything in this JVM but the guests. */
  static TroveSystem start() throws Exception {
    return new TroveSystem(true);
  }

  /** The worker runs as a child process: see {@link #startWorker()}. */
  static TroveSystem startWithExternalWorker() throws Exception {
    TroveSystem system = new TroveSystem(false);
    system.startWorker();
    return system;
  }

  WorkerProcess startWorker() throws Exception {
    worker = WorkerProcess.start(workerConfig, services.workDir.resolve("worker.out"));
    return worker;
  }

  WorkerProcess worker() {
    return worker;
  }

  /** Creates the smallest instance and returns its id, without waiting. */
  String create(String project, String name) {
    ApiClient.Answer created =
        api.post(
            project,
            "/instances",
            "{\"instance\": {\"name\": \""
                + name
                + "\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}}}");
    if (created.status() != 200) {
      throw new AssertionError("create failed: " + created.status() + " " + created.body());
    }
    return created.body().get("instance").get("id").asText();
  }

  /** Deletes an instance and waits until the API no longer knows it. */
  void deleteAndAwaitGone(String project, String id) throws InterruptedException {
    ApiClient.Answer deleted = api.delete(project, "/instances/" + id);
    if (deleted.status() != 202) {
      throw new AssertionError("delete failed: " + deleted.status() + " " + deleted.body());
    }
    api.awaitInstance(project, id, ApiClient.gone(), java.time.Duration.ofSeconds(90));
  }

  /** How test code reaches the system's Temporal, with its payload key. */
  private TemporalConfig temporalConfig() {
    TemporalConfig config = new TemporalConfig();
    config.target = "127.0.0.1:" + services.temporal.port();
    config.payloadKey = services.payloadKey;
    return config;
  }

  /** Encrypts a workflow input exactly as the API stores it on an operation row. */
  byte[] encodeWorkflowInput(Object input) {
    TemporalConfig config = temporalConfig();
    WorkflowServiceStubs stubs = TemporalClients.service(config);
    try {
      return TemporalClients.client(stubs, config)
          .getOptions()
          .getDataConverter()
          .toPayload(input)
          .orElseThrow()
          .toByteArray();
    } finally {
      stubs.shutdown();
    }
  }

  /** The search attributes Temporal holds for a workflow, as plain strings. */
  Map<String, String> searchAttributes(String workflowId) {
    TemporalConfig config = temporalConfig();
    WorkflowServiceStubs stubs = TemporalClients.service(config);
    try {
      Map<String, String> values = new TreeMap<>();
      stubs
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace(config.namespace)
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                  .build())
          .getWorkflowExecutionInfo()
          .getSearchAttributes()
          .getIndexedFieldsMap()
          .forEach(
              (name, payload) ->
                  values.put(
                      name,
                      DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                          payload, String.class, String.class)));
      return values;
    } finally {
      stubs.shutdown();
    }
  }

  /** Temporal's view of a workflow: its status and pending activities, for failure messages. */
  String describeWorkflow(String workflowId) {
    TemporalConfig config = temporalConfig();
    WorkflowServiceStubs stubs = TemporalClients.service(config);
    try {
      var response =
          stubs
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(config.namespace)
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                      .build());
      StringBuilder events = new StringBuilder();
      WorkflowClient.newInstance(stubs)
          .fetchHistory(workflowId)
          .getEvents()
          .forEach(
              e ->
                  events
                      .append("\n  ")
                      .append(e.getEventId())
                      .append(' ')
                      .append(e.getEventType())
                      .append(' ')
                      .append(e.getEventTime().getSeconds() % 1000));
      return response.getWorkflowExecutionInfo().getStatus()
          + " pending activities: "
          + response.getPendingActivitiesList()
          + " history:"
          + events;
    } finally {
      stubs.shutdown();
    }
  }

  VmDirectory vm(String instanceId) {
    return VmDirectory.of(services.dataRoot.toString(), instanceId);
  }

  /** Every live process of a local server: guest agent and datastore. */
  List<ProcessHandle> processesOf(String instanceId) {
    return VmProcesses.referencing(vm(instanceId).root());
  }

  List<ProcessHandle> guestAgentsOf(String instanceId) {
    return processesOf(instanceId).stream()
        .filter(p -> VmProcesses.commandLine(p).contains("GuestAgentMain"))
        .toList();
  }

  @Override
  public void close() throws Exception {
    try {
      if (worker != null) {
        worker.close();
      }
      app.after();
    } finally {
      killLeftoverGuests();
      services.close();
    }
  }

  /** A failed test may leave guests; never leave them running on the machine. */
  private void killLeftoverGuests() {
    for (ProcessHandle process : VmProcesses.referencing(services.dataRoot)) {
      process.destroyForcibly();
    }
  }
}
