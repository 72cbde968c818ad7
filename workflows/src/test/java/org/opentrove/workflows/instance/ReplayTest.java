package org.opentrove.workflows.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.when;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.metadata.POJOWorkflowImplMetadata;
import io.temporal.common.metadata.POJOWorkflowMethodMetadata;
import io.temporal.common.metadata.WorkflowMethodType;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.WorkflowInterface;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.temporal.WorkflowIds;
import org.opentrove.temporal.activities.compute.ServerInfo;
import org.opentrove.temporal.activities.volume.VolumeInfo;
import org.opentrove.temporal.api.BackupWorkflow;
import org.opentrove.temporal.api.CreateBackupRequest;
import org.opentrove.temporal.api.CreateInstanceResult;
import org.opentrove.temporal.api.CreateInstanceWorkflow;
import org.opentrove.temporal.api.DeleteBackupRequest;
import org.opentrove.temporal.api.DeleteBackupWorkflow;
import org.opentrove.temporal.api.DeleteInstanceRequest;
import org.opentrove.temporal.api.DeleteInstanceWorkflow;
import org.opentrove.temporal.api.GuestStatus;
import org.opentrove.workflows.InstanceWorker;

/**
 * Replays every checked-in history against today's workflow code: a change that would break running
 * workflows fails here. Every workflow must have one.
 *
 * <p>Files live in {@code src/test/resources/histories}, named after the workflow type (the
 * {@code @WorkflowInterface}'s name) without its {@code Workflow} suffix, in kebab case: {@code
 * CreateInstanceWorkflow} → {@code create-instance.json}, {@code BackupWorkflow} → {@code
 * backup.json}, a future {@code RestartInstanceWorkflow} → {@code restart-instance.json}. That file
 * (the success path) is required; more paths of the same workflow may be added as {@code
 * <name>--<path>.json} ({@code backup--guest-failed.json}). Each file is replayed, and must hold a
 * history of the workflow its name says.
 *
 * <p>To record one: add a method below like {@link #recordBackupHistories()} (gated by {@code
 * trove.recordHistories}, driving the workflow in the test bed with mocked activities), then run
 * {@code mvn -pl workflows -am test -Dtest='ReplayTest#recordX'
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtrove.recordHistories=true} and check the file in.
 * Re-record an existing history only for a deliberate, versioned change.
 */
class ReplayTest {
  /** Relative to the module, where Maven runs its tests. */
  private static final Path RECORDED = Path.of("src/test/resources/histories");

  private static final String VARIANT = "--";

  private static final UUID BACKUP = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
  private static final UUID FAILED_BACKUP = UUID.fromString("00000000-0000-0000-0000-0000000000b2");
  private static final UUID UNSIGNALLED_BACKUP =
      UUID.fromString("00000000-0000-0000-0000-0000000000b3");
  private static final UUID INSTANCE = UUID.fromString("00000000-0000-0000-0000-0000000000a1");

  /** Replays on a worker registered exactly as production registers it (same options). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedHistories")
  void historyReplays(String file) throws Exception {
    WorkflowExecutionHistory history = history(file);
    assertThat(workflowType(history))
        .as("the workflow type recorded in %s", file)
        .isEqualTo(typeNamed(file));
    try (WorkflowTestBed bed = new WorkflowTestBed()) {
      WorkflowReplayer.replayWorkflowExecution(history, bed.worker);
    }
  }

  @Test
  void everyWorkflowHasARecordedHistory() throws Exception {
    List<String> recorded = recordedHistories().toList();
    List<String> missing = new ArrayList<>();
    workflowTypes()
        .forEach(
            (type, implementation) -> {
              if (!recorded.contains(fileOf(type))) {
                missing.add(type + " (" + implementation + ") has no histories/" + fileOf(type));
              }
            });
    assertThat(missing)
        .as("workflows without a recorded history; record one as ReplayTest's Javadoc says")
        .isEmpty();
  }

  @Test
  void theGuardSeesTheWorkflowsThisModuleImplementsAndNamesTheirFiles() throws Exception {
    assertThat(workflowTypes())
        .containsKeys(
            "CreateInstanceWorkflow",
            "DeleteInstanceWorkflow",
            "BackupWorkflow",
            "DeleteBackupWorkflow");
    assertThat(fileOf("CreateInstanceWorkflow")).isEqualTo("create-instance.json");
    assertThat(typeNamed("backup--guest-failed.json")).isEqualTo("BackupWorkflow");
  }

  /**
   * Every workflow type implemented in this module (the classes beside {@link InstanceWorker}
   * implementing a {@link WorkflowInterface}), with its implementation's name.
   */
  static Map<String, String> workflowTypes() throws IOException, URISyntaxException {
    Path classes =
        Path.of(InstanceWorker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Map<String, String> types = new TreeMap<>();
    List<Path> classFiles;
    try (Stream<Path> walk = Files.walk(classes)) {
      classFiles = walk.filter(p -> p.toString().endsWith(".class")).toList();
    }
    for (Path file : classFiles) {
      String name =
          classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
      Class<?> type = load(name);
      if (type.isInterface()
          || Modifier.isAbstract(type.getModifiers())
          || !implementsWorkflow(type)) {
        continue;
      }
      for (POJOWorkflowMethodMetadata method :
          POJOWorkflowImplMetadata.newInstance(type).getWorkflowMethods()) {
        if (method.getType() == WorkflowMethodType.WORKFLOW) {
          types.put(method.getName(), type.getName());
        }
      }
    }
    return types;
  }

  private static boolean implementsWorkflow(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> iface : c.getInterfaces()) {
        if (iface.isAnnotationPresent(WorkflowInterface.class)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ReplayTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code CreateInstanceWorkflow} → {@code create-instance.json}. */
  static String fileOf(String workflowType) {
    String base = workflowType.replaceAll("Workflow$", "");
    return base.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase() + ".json";
  }

  /** {@code backup--guest-failed.json} → {@code BackupWorkflow}. */
  static String typeNamed(String file) {
    String base = file.replaceAll("\\.json$", "");
    int variant = base.indexOf(VARIANT);
    if (variant >= 0) {
      base = base.substring(0, variant);
    }
    StringBuilder type = new StringBuilder();
    for (String word : base.split("-")) {
      type.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return type.append("Workflow").toString();
  }

  /** The checked-in histories (read from the source tree, so a deleted file is gone at once). */
  static Stream<String> recordedHistories() throws IOException {
    try (Stream<Path> files = Files.list(RECORDED)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .sorted()
          .toList()
          .stream();
    }
  }

  private static String workflowType(WorkflowExecutionHistory history) {
    return history
        .getEvents()
        .get(0)
        .getWorkflowExecutionStartedEventAttributes()
        .getWorkflowType()
        .getName();
  }

  private static WorkflowExecutionHistory history(String file) throws IOException {
    return WorkflowExecutionHistory.fromJson(Files.readString(RECORDED.resolve(file)));
  }

  @Test
  @EnabledIfSystemProperty(named = "trove.recordHistories", matches = "true")
  void recordCreateInstanceHistory() throws Exception {
    try (WorkflowTestBed bed = new WorkflowTestBed()) {
      when(bed.volumes.createVolume(anyString(), anyInt(), any()))
          .thenReturn(new VolumeInfo("v", "/data/v", 1));
      when(bed.compute.createServer(any())).thenReturn(new ServerInfo("s", "127.0.0.1", 15432));
      CreateInstanceWorkflow create =
          bed.stub(CreateInstanceWorkflow.class, CreateInstanceWorkflowTest.OP);
      WorkflowClient.start(create::create, CreateInstanceWorkflowTest.request());
      create.guestStatus(new GuestStatus(ServiceStatus.HEALTHY, null));
      assertThat(WorkflowStub.fromTyped(create).getResult(CreateInstanceResult.class)).isNotNull();
      save(bed, CreateInstanceWorkflowTest.OP, "create-instance.json");
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "trove.recordHistories", matches = "true")
  void recordDeleteInstanceHistory() throws Exception {
    try (WorkflowTestBed bed = new WorkflowTestBed()) {
      String deleteId = DeleteInstanceWorkflowTest.OP;
      bed.stub(DeleteInstanceWorkflow.class, deleteId)
          .delete(new DeleteInstanceRequest(deleteId, DeleteInstanceWorkflowTest.ID, "p1", "req"));
      save(bed, deleteId, "delete-instance.json");
    }
  }

  /**
   * A completed backup, one its guest reported failed (objects removed, backup FAILED), and one
   * whose signal was lost (found by the wait's checks).
   */
  @Test
  @EnabledIfSystemProperty(named = "trove.recordHistories", matches = "true")
  void recordBackupHistories() throws Exception {
    try (WorkflowTestBed bed = new WorkflowTestBed()) {
      when(bed.backups.startBackup(any(), any())).thenReturn(true);
      when(bed.compute.serverIsRunning(INSTANCE.toString())).thenReturn(true);

      String completed = WorkflowIds.backupCreate(BACKUP);
      BackupWorkflow backup = bed.stub(BackupWorkflow.class, completed);
      WorkflowClient.start(backup::backup, backupRequest(completed, BACKUP));
      backup.reported(report(BACKUP, BackupUpdate.SAVING, null));
      backup.reported(report(BACKUP, BackupUpdate.COMPLETED, null));
      WorkflowStub.fromTyped(backup).getResult(Void.class);
      save(bed, completed, "backup.json");

      String failed = WorkflowIds.backupCreate(FAILED_BACKUP);
      BackupWorkflow failing = bed.stub(BackupWorkflow.class, failed);
      WorkflowClient.start(failing::backup, backupRequest(failed, FAILED_BACKUP));
      failing.reported(report(FAILED_BACKUP, BackupUpdate.FAILED, "backup failed: disk full"));
      assertThatThrownBy(() -> WorkflowStub.fromTyped(failing).getResult(Void.class))
          .isInstanceOf(WorkflowFailedException.class);
      save(bed, failed, "backup--guest-failed.json");

      // No signal: the wait's liveness checks back off and find the record the conductor applied.
      String unsignalled = WorkflowIds.backupCreate(UNSIGNALLED_BACKUP);
      when(bed.backups.outcome(UNSIGNALLED_BACKUP))
          .thenReturn(null, report(UNSIGNALLED_BACKUP, BackupUpdate.COMPLETED, null));
      BackupWorkflow waiting = bed.stub(BackupWorkflow.class, unsignalled);
      WorkflowClient.start(waiting::backup, backupRequest(unsignalled, UNSIGNALLED_BACKUP));
      WorkflowStub.fromTyped(waiting).getResult(Void.class);
      save(bed, unsignalled, "backup--signal-lost.json");
    }
  }

  /** A deleted backup, and one whose objects the store kept refusing to remove (DELETE_FAILED). */
  @Test
  @EnabledIfSystemProperty(named = "trove.recordHistories", matches = "true")
  void recordDeleteBackupHistories() throws Exception {
    try (WorkflowTestBed bed = new WorkflowTestBed()) {
      String deleted = WorkflowIds.backupDelete(BACKUP);
      bed.stub(DeleteBackupWorkflow.class, deleted).delete(deleteRequest(deleted, BACKUP));
      save(bed, deleted, "delete-backup.json");

      String refused = WorkflowIds.backupDelete(FAILED_BACKUP);
      doThrow(new IllegalStateException("object store refused: 503"))
          .when(bed.objects)
          .deleteBackupObjects(FAILED_BACKUP + "/");
      assertThatThrownBy(
              () ->
                  bed.stub(DeleteBackupWorkflow.class, refused)
                      .delete(deleteRequest(refused, FAILED_BACKUP)))
          .isInstanceOf(WorkflowFailedException.class);
      save(bed, refused, "delete-backup--store-refused.json");
    }
  }

  private static CreateBackupRequest backupRequest(String operationId, UUID backupId) {
    return new CreateBackupRequest(
        operationId, backupId, INSTANCE, "p1", "req-1", backupId + "/", null);
  }

  private static DeleteBackupRequest deleteRequest(String operationId, UUID backupId) {
    return new DeleteBackupRequest(operationId, "p1", List.of(backupId), List.of(backupId + "/"));
  }

  private static BackupUpdate report(UUID backupId, String state, String message) {
    return new BackupUpdate(
        INSTANCE.toString(), backupId.toString(), state, 42, "c0ffee", Map.of("k", "v"), message);
  }

  private static void save(WorkflowTestBed bed, String workflowId, String file) throws IOException {
    Files.createDirectories(RECORDED);
    Files.writeString(RECORDED.resolve(file), bed.client().fetchHistory(workflowId).toJson(true));
  }
}
