package org.opentrove.temporal.activities.guest;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import org.opentrove.contract.BackupArgs;
import org.opentrove.contract.PrepareArgs;
import org.opentrove.contract.RejoinArgs;
import org.opentrove.contract.ReplicaLogin;
import org.opentrove.contract.ReplicationSource;
import org.opentrove.contract.RequestContext;
import org.opentrove.temporal.ActivityProfiles;
import org.opentrove.temporal.UsesProfile;

/** Commands to an instance's guest agent over the message bus. */
@ActivityInterface
public interface GuestActivities {
  /**
   * Declares the guest's durable queue so commands wait for a guest that is still booting.
   * Idempotency key: the instance id; declaring an existing queue changes nothing.
   */
  @ActivityMethod(name = "CreateGuestQueue")
  void createQueue(String instanceId);

  /**
   * Casts {@code prepare}. Idempotency key: the context's operation id and step; a guest that
   * already applied it ignores the repeat.
   */
  @ActivityMethod(name = "PrepareGuest")
  void prepare(String instanceId, RequestContext context, PrepareArgs args);

  /**
   * Calls {@code stop_db} and waits for the answer. Stopping a stopped datastore succeeds; a guest
   * that does not answer fails with {@code GuestTimeout}.
   */
  @ActivityMethod(name = "StopDatastore")
  @UsesProfile(ActivityProfiles.SHORT)
  void stopDatastore(String instanceId, RequestContext context);

  /**
   * Calls {@code resize_fs} and waits for the answer: once its device shows {@code sizeGb} the
   * guest grows its volume's filesystem to it, online. Growing a grown filesystem changes nothing;
   * a guest that does not answer fails with {@code GuestTimeout}.
   */
  @ActivityMethod(name = "GrowFilesystem")
  @UsesProfile(ActivityProfiles.WAIT)
  void growFilesystem(String instanceId, RequestContext context, int sizeGb);

  /**
   * Calls {@code restart} and waits for the answer: the guest stops and starts its datastore.
   * Idempotency key: the context's operation id and step; a guest that already restarted for it
   * answers from its cache instead of restarting twice. A guest that does not answer fails with
   * {@code GuestTimeout}; one that cannot start the datastore again with {@code RestartFailed}.
   * Stopping and starting takes what the datastore takes (a Galera member's state transfer), so the
   * call waits up to 3 minutes (Trove's agent_call_high_timeout), heartbeating; a retry after a
   * lost worker waits behind the first call in the guest's queue and is answered from its cache.
   * The same holds for {@link #applyFlavor}. A stop ({@link #stopDatastore}) waits seconds, as
   * Trove's, so a delete is not held up by a guest that is gone.
   */
  @ActivityMethod(name = "RestartDatastore")
  @UsesProfile(ActivityProfiles.WAIT)
  void restartDatastore(String instanceId, RequestContext context);

  /**
   * Calls {@code apply_flavor}: the guest stops its datastore, sizes its memory settings for {@code
   * memoryMb} and starts it. Idempotency key: the context's operation id and step (a repeat is
   * answered from the guest's cache); applying the same memory again only restarts. A datastore
   * that does not start fails with {@code RestartFailed}.
   */
  @ActivityMethod(name = "ApplyFlavor")
  @UsesProfile(ActivityProfiles.WAIT)
  void applyFlavor(String instanceId, RequestContext context, int memoryMb);

  /**
   * Casts {@code create_backup}: the guest streams the backup and reports through the conductor. A
   * repeat for a backup the guest runs or ran is not run twice.
   */
  @ActivityMethod(name = "CreateBackup")
  void createBackup(String instanceId, RequestContext context, BackupArgs args);

  /** Deletes the guest's queue and anything left in it. Idempotency: absent counts as deleted. */
  /**
   * Calls {@code add_replica} on the source {@code sourceId}: the replica's account (a new password
   * each time) and slot. Fails with {@code NotReady} while the source's datastore is down.
   */
  @ActivityMethod(name = "AddReplicaOnSource")
  @UsesProfile(ActivityProfiles.SHORT)
  ReplicaLogin addReplica(String sourceId, RequestContext context, String replicaId);

  /** Calls {@code remove_replica} on the source: the replica's account and slot go. */
  @ActivityMethod(name = "RemoveReplicaOnSource")
  @UsesProfile(ActivityProfiles.SHORT)
  void removeReplica(String sourceId, RequestContext context, String replicaId);

  /** Calls {@code detach_replica} on the replica: it stops following and takes writes. */
  @ActivityMethod(name = "DetachReplica")
  @UsesProfile(ActivityProfiles.SHORT)
  void detachReplica(String replicaId, RequestContext context);

  /**
   * Calls {@code stop_as_source} on a source handing over: it stops cleanly; answers the position
   * of its last record (its replicas receive it before it stops).
   */
  @ActivityMethod(name = "StopAsSource")
  @UsesProfile(ActivityProfiles.SHORT)
  String stopAsSource(String sourceId, RequestContext context);

  /**
   * Calls {@code promote_replica}: the replica replays past {@code after} (null: what it has) and
   * takes writes.
   */
  @ActivityMethod(name = "PromoteReplica")
  @UsesProfile(ActivityProfiles.SHORT)
  void promoteReplica(String replicaId, RequestContext context, String after);

  /** Calls {@code replication_position}: the last position the replica received. */
  @ActivityMethod(name = "ReplicationPosition")
  @UsesProfile(ActivityProfiles.SHORT)
  String receivedPosition(String replicaId, RequestContext context);

  /** Calls {@code set_synchronous} on a source. */
  @ActivityMethod(name = "SetSynchronous")
  @UsesProfile(ActivityProfiles.SHORT)
  void setSynchronous(String sourceId, RequestContext context, boolean synchronous);

  /**
   * Calls {@code rejoin_source}: a held former source copies {@code args}' source and follows it.
   * The copy takes as long as the data: the activity heartbeats while it waits.
   */
  @ActivityMethod(name = "RejoinSource")
  @UsesProfile(ActivityProfiles.WAIT)
  void rejoinSource(String instanceId, RequestContext context, RejoinArgs args);

  /** Calls {@code follow_source}: the member follows {@code source} from now on. */
  @ActivityMethod(name = "FollowSource")
  @UsesProfile(ActivityProfiles.SHORT)
  void followSource(String memberId, RequestContext context, ReplicationSource source);

  /** Calls {@code set_cluster_members}: the member rejoins through these when it starts next. */
  @ActivityMethod(name = "SetClusterMembers")
  @UsesProfile(ActivityProfiles.SHORT)
  void setClusterMembers(
      String memberId, RequestContext context, org.opentrove.contract.ClusterMembers members);

  @ActivityMethod(name = "DeleteGuestQueue")
  void deleteQueue(String instanceId);
}
