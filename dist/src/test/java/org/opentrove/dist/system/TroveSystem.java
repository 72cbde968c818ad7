package org.opentrove.dist.system;

import io.dropwizard.testing.DropwizardTestSupport;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.activities.compute.LocalComputeConfig;
import org.opentrove.activities.compute.VmDirectory;
import org.opentrove.activities.compute.VmProcesses;
import org.opentrove.activities.volume.LocalVolumeActivities;
import org.opentrove.contract.Topology;
import org.opentrove.dist.TroveApplication;
import org.opentrove.dist.TroveConfiguration;
import org.opentrove.store.OperationDao;
import org.opentrove.store.ServiceStatusDao;
import org.opentrove.store.ServiceStatusRow;
import org.opentrove.store.Store;
import org.opentrove.temporal.TemporalClients;
import org.opentrove.temporal.TemporalConfig;

/**
 * The whole system on real services: API and conductor in this JVM, the worker in this JVM or in
 * its own process (for crash tests), guests as detached processes.
 */
final class TroveSystem implements AutoCloseable {
  private static final List<String> ALL_ROLES = List.of("api", "conductor", "worker");

  final TestServices services;
  final DropwizardTestSupport<TroveConfiguration> app;
  final ApiClient api;
  final Jdbi jdbi;
  final Path workerConfig;
  final Path conductorConfig;
  private RoleProcess worker;
  private RoleProcess conductor;
  private final List<Function<String, Optional<Path>>> guestLogFinders =
      new CopyOnWriteArrayList<>(List.of(id -> Optional.of(vm(id).log())));

  private TroveSystem(TestServices services, List<String> inProcessRoles) throws Exception {
    this.services = services;
    Path config = TestConfig.write(services, "app", inProcessRoles);
    workerConfig = TestConfig.write(services, "worker", List.of("worker"));
    conductorConfig = TestConfig.write(services, "conductor", List.of("conductor"));
    app = new DropwizardTestSupport<>(TroveApplication.class, config.toString());
    app.before();
    api = new ApiClient(app.getLocalPort(), id -> SystemDiagnosis.of(this, id));
    jdbi = Store.jdbi(services.controlPlaneDataSource());
  }

  /** Everything in this JVM, guests getting their datastore ports from {@code start..end}. */
  static TroveSystem startWithPortRange(int start, int end) throws Exception {
    TestServices services = new TestServices();
    services.portRangeStart = start;
    services.portRangeEnd = end;
    return new TroveSystem(services, ALL_ROLES);
  }

  /** Everything in this JVM, on a control-plane database at {@code jdbcUrl} (migrated). */
  static TroveSystem startOnDatabase(String jdbcUrl) throws Exception {
    TestServices services = new TestServices();
    services.databaseUrlOverride = jdbcUrl;
    return new TroveSystem(services, ALL_ROLES);
  }

  /** Everything in this JVM but the guests. */
  static TroveSystem start() throws Exception {
    return start(new TestServices());
  }

  /** Everything in this JVM but the guests, on {@code services}. */
  static TroveSystem start(TestServices services) throws Exception {
    return new TroveSystem(services, ALL_ROLES);
  }

  /** The worker runs as a child process: see {@link #startWorker()}. */
  static TroveSystem startWithExternalWorker() throws Exception {
    return startWithExternalWorker(new TestServices());
  }

  /** The worker runs as a child process, on {@code services}. */
  static TroveSystem startWithExternalWorker(TestServices services) throws Exception {
    TroveSystem system = new TroveSystem(services, List.of("api", "conductor"));
    system.startWorker();
    return system;
  }

  /** The conductor runs as a child process, on {@code services}: see {@link #startConductor()}. */
  static TroveSystem startWithExternalConductor(TestServices services) throws Exception {
    TroveSystem system = new TroveSystem(services, List.of("api", "worker"));
    system.startConductor();
    return system;
  }

  RoleProcess startWorker() throws Exception {
    worker = RoleProcess.start("worker", workerConfig, services.workDir.resolve("worker.out"));
    return worker;
  }

  /**
   * How a hypervisor stand-in (the Nova boot shim) finds an instance's guest log, for diagnoses,
   * beside the local driver's server directory.
   */
  void addGuestLogFinder(Function<String, Optional<Path>> finder) {
    guestLogFinders.add(finder);
  }

  List<Function<String, Optional<Path>>> guestLogFinders() {
    return guestLogFinders;
  }

  RoleProcess worker() {
    return worker;
  }

  RoleProcess startConductor() throws Exception {
    conductor =
        RoleProcess.start("conductor", conductorConfig, services.workDir.resolve("conductor.out"));
    return conductor;
  }

  RoleProcess conductor() {
    return conductor;
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

  /**
   * Waits until an operation has entered {@code step} (or already succeeded). Generous: after a
   * kill, the steps before it may include a cluster's serial joins on a loaded 2-core host.
   */
  void awaitStep(String operationId, String step) throws InterruptedException {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(180).toNanos();
    while (System.nanoTime() < deadline) {
      boolean entered =
          jdbi.withExtension(OperationDao.class, dao -> dao.listSteps(operationId)).stream()
              .anyMatch(s -> s.step().equals(step));
      boolean succeeded =
          jdbi.withExtension(OperationDao.class, dao -> dao.find(operationId))
              .map(o -> o.state().name().equals("SUCCEEDED"))
              .orElse(false);
      if (entered || succeeded) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError(operationId + " did not enter " + step + " within 180 s");
  }

  /** What the conductor last applied for an instance's guest, with its heartbeat counts. */
  ServiceStatusRow serviceStatus(String instanceId) {
    return jdbi.withExtension(
            ServiceStatusDao.class, dao -> dao.find(java.util.UUID.fromString(instanceId)))
        .orElseThrow();
  }

  /**
   * Waits until every guest's applied numbering moved {@code beats} past where it stands now, and
   * answers the rows then.
   */
  Map<String, ServiceStatusRow> awaitHeartbeats(List<String> instances, int beats)
      throws InterruptedException {
    Map<String, Long> marks = new java.util.LinkedHashMap<>();
    instances.forEach(id -> marks.put(id, serviceStatus(id).lastSeq()));
    Map<String, ServiceStatusRow> rows = new java.util.LinkedHashMap<>();
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      rows.clear();
      instances.forEach(id -> rows.put(id, serviceStatus(id)));
      if (rows.entrySet().stream()
          .allMatch(e -> e.getValue().lastSeq() >= marks.get(e.getKey()) + beats)) {
        return rows;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("heartbeats did not resume: " + rows);
  }

  /** Deletes each instance and checks nothing of it is left: process, directory, guest queue. */
  void deleteAndCheckNothingLeft(String project, List<String> instances) throws Exception {
    for (String id : instances) {
      deleteAndAwaitGone(project, id);
    }
    checkNothingLeft(instances);
  }

  /**
   * Nothing of these deleted instances is left: process, directory (volume), guest queue, and on
   * the docker runtime container.
   */
  void checkNothingLeft(List<String> instances) throws Exception {
    Topology topology = new Topology(services.exchange, services.conductorQueue);
    List<String> containers = List.of();
    if (org.opentrove.contract.GuestSettings.RUNTIME_DOCKER.equals(TestServices.runtime())) {
      try (org.opentrove.containers.DatastoreContainers docker =
          org.opentrove.containers.DatastoreContainers.connect(
              new org.opentrove.activities.compute.DockerRuntimeConfig().host)) {
        containers = docker.instanceIds();
      }
    }
    for (String id : instances) {
      if (containers.contains(id)) {
        throw new AssertionError("instance " + id + " left its container");
      }
      if (!processesOf(id).isEmpty()
          || java.nio.file.Files.exists(vm(id).root())
          || services.queueExists(topology.guestQueue(id))) {
        throw new AssertionError(
            "instance " + id + " left: processes " + processesOf(id) + ", dir or queue");
      }
    }
  }

  VmDirectory vm(String instanceId) {
    return VmDirectory.of(services.dataRoot.toString(), instanceId);
  }

  /** Every file under a backup's location in the directory object store, partial ones too. */
  List<String> backupObjects(String backupId) throws java.io.IOException {
    Path dir = services.backupRoot().resolve("database_backups").resolve(backupId);
    if (!java.nio.file.Files.exists(dir)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
      return files
          .filter(java.nio.file.Files::isRegularFile)
          .map(f -> dir.relativize(f).toString())
          .toList();
    }
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

  /** Sends {@code signal} (STOP, CONT, ...) to one of the system's processes. */
  static void signal(ProcessHandle process, String signal) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (worker != null) {
        worker.close();
      }
      if (conductor != null) {
        conductor.close();
      }
      app.after();
    } finally {
      killLeftoverGuests();
      services.close();
    }
  }

  /** A failed test may leave guests; never leave them running, or their volumes mounted. */
  private void killLeftoverGuests() throws java.io.IOException {
    for (ProcessHandle process : VmProcesses.referencing(services.dataRoot)) {
      process.destroyForcibly();
    }
    if (!java.nio.file.Files.isDirectory(services.dataRoot)) {
      return;
    }
    LocalComputeConfig config = new LocalComputeConfig();
    config.dataRoot = services.dataRoot.toString();
    LocalVolumeActivities volumes = new LocalVolumeActivities(config);
    try (java.util.stream.Stream<Path> dirs = java.nio.file.Files.list(services.dataRoot)) {
      dirs.map(dir -> dir.getFileName().toString())
          .filter(name -> name.matches("[0-9a-f-]{36}"))
          .forEach(volumes::deleteVolume);
    }
  }
}
