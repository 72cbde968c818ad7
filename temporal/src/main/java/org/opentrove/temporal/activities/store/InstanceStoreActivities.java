package org.opentrove.temporal.activities.store;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.UUID;
import org.opentrove.temporal.api.GuestHealth;
import org.opentrove.temporal.api.ResizeFlavorRequest;

/**
 * The control plane's own records, as workflows change them. Every method is a compare-and-set or
 * an upsert, so a retry after a lost answer changes nothing twice.
 */
@ActivityInterface
public interface InstanceStoreActivities {
  /** Records the operation's current step (shown by the API). */
  @ActivityMethod(name = "RecordStep")
  void recordStep(String operationId, String step);

  /** Records where the instance's server listens. */
  @ActivityMethod(name = "RecordServer")
  void recordServer(UUID instanceId, String serverId, String host, int port);

  /**
   * A scheduled operation's time came: in one transaction it becomes PENDING and takes the instance
   * (its type's lock). Returns null when it may run: taken now, or before (a retry, or an attempt
   * whose answer was lost). Otherwise why not: it was cancelled, or the instance was busy or gone
   * (then the operation is FAILED with that reason, and nothing else changes).
   */
  @ActivityMethod(name = "TakeScheduledTurn")
  String takeScheduledTurn(UUID instanceId, String operationId);

  /** Records the flavor the instance runs on, once it runs healthy on it (a resize). */
  @ActivityMethod(name = "RecordFlavor")
  void recordFlavor(UUID instanceId, String flavorId);

  /** Records the size the instance's volume grew to; a smaller size changes nothing. */
  @ActivityMethod(name = "RecordVolumeSize")
  void recordVolumeSize(UUID instanceId, int sizeGb);

  /** The guest's last reported service status, or {@code NEW} if none. */
  /** A detached replica: it follows nothing any more. */
  @ActivityMethod(name = "RecordDetached")
  void recordDetached(UUID instanceId);

  /**
   * A switchover's or eject's result: {@code sourceId} follows nothing, every one of {@code
   * followers} follows it, and the set's automatic failover moves from {@code formerSource} to it.
   * One transaction.
   */
  @ActivityMethod(name = "RecordReplicaSet")
  void recordReplicaSet(UUID sourceId, java.util.List<UUID> followers, UUID formerSource);

  /**
   * Hands every member of a replica set back (their PROMOTING or EJECTING task to NONE) and ends
   * the operation, successful or failed with {@code fault} (null for success) on its instance.
   */
  @ActivityMethod(name = "FinishReplicaSetOperation")
  void finishReplicaSetOperation(
      String operationId, UUID instanceId, java.util.List<UUID> members, String step, String fault);

  /** What a step measured or decided, shown with the step. */
  @ActivityMethod(name = "RecordStepDetail")
  void recordStepDetail(String operationId, String step, String detail);

  /** An ejected source: its server fenced (SHUTOFF), out of its set, with a fault saying why. */
  @ActivityMethod(name = "RecordFenced")
  void recordFenced(UUID instanceId, String operationId);

  /**
   * A successful eject's end, in one transaction: every member handed back, the operation done, and
   * the fenced source recorded as {@link #recordFenced} does, noting the set's new source, which it
   * may rejoin as a replica.
   */
  @ActivityMethod(name = "FinishEject")
  void finishEject(String operationId, UUID fencedId, java.util.List<UUID> members, UUID setSource);

  /** A fenced former source is a replica of {@code sourceId}: fenced no more, its server ACTIVE. */
  @ActivityMethod(name = "RecordRejoined")
  void recordRejoined(UUID instanceId, UUID sourceId);

  @ActivityMethod(name = "ReadServiceStatus")
  String serviceStatus(UUID instanceId);

  /**
   * The guest's last applied status and heartbeat count, so a workflow can wait for a heartbeat
   * applied after a point it chose. {@code NEW} and 0 if none was ever applied.
   */
  @ActivityMethod(name = "ReadGuestHealth")
  GuestHealth guestHealth(UUID instanceId);

  /**
   * The flavor the instance runs on now: what a flavor resize asked for earlier (apply_at) puts it
   * back on if it must revert, since another resize may have run meanwhile.
   */
  @ActivityMethod(name = "ReadCurrentFlavor")
  ResizeFlavorRequest.Flavor currentFlavor(UUID instanceId);

  /**
   * Ends an operation that holds the instance's task: the task it holds -> NONE (compare-and-set),
   * fault cleared, operation SUCCEEDED. A task that moved (a status reset) is left as it is.
   */
  @ActivityMethod(name = "CompleteOperation")
  void completeOperation(UUID instanceId, String operationId);

  /**
   * Ends an operation that holds the instance's task in failure: the task it holds -> the task its
   * type leaves after a failure (compare-and-set), fault recorded, operation FAILED at {@code
   * step}.
   */
  @ActivityMethod(name = "FailOperation")
  void failOperation(UUID instanceId, String operationId, String step, String message);

  /** BUILDING -> NONE, server ACTIVE, fault cleared, operation SUCCEEDED. */
  @ActivityMethod(name = "CompleteCreate")
  void completeCreate(UUID instanceId, String operationId);

  /** BUILDING -> BUILD_FAILED, server ERROR, fault recorded, operation FAILED at {@code step}. */
  @ActivityMethod(name = "FailCreate")
  void failCreate(UUID instanceId, String operationId, String step, String message);

  /**
   * As {@link #failCreate}, for a create whose undo steps all succeeded: the instance also gives
   * its quota back.
   */
  @ActivityMethod(name = "FailCompensatedCreate")
  void failCompensatedCreate(UUID instanceId, String operationId, String step, String message);

  /**
   * BUILDING -> BUILD_FAILED, server ERROR, fault "cancelled", operation CANCELLED; nothing is
   * left, so the instance gives its quota back.
   */
  @ActivityMethod(name = "CancelCreate")
  void cancelCreate(UUID instanceId, String operationId, String step);

  /** Marks the instance deleted (it disappears from the API) and the operation SUCCEEDED. */
  @ActivityMethod(name = "CompleteDelete")
  void completeDelete(UUID instanceId, String operationId);

  /** DELETING -> DELETE_FAILED, fault recorded, operation FAILED at {@code step}. */
  @ActivityMethod(name = "FailDelete")
  void failDelete(UUID instanceId, String operationId, String step, String message);
}
