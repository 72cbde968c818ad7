package org.opentrove.activities.guest;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opentrove.activities.ActivityProgress;
import org.opentrove.activities.bus.GuestBusAccess;
import org.opentrove.contract.BackupArgs;
import org.opentrove.contract.FlavorArgs;
import org.opentrove.contract.GuestMethods;
import org.opentrove.contract.PrepareArgs;
import org.opentrove.contract.RejoinArgs;
import org.opentrove.contract.ReplicaArgs;
import org.opentrove.contract.ReplicaLogin;
import org.opentrove.contract.ReplicationPosition;
import org.opentrove.contract.ReplicationSource;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.VolumeSizeArgs;
import org.opentrove.contract.Wire;
import org.opentrove.contract.rpc.GuestErrorException;
import org.opentrove.contract.rpc.GuestRpcClient;
import org.opentrove.contract.rpc.GuestTimeoutException;
import org.opentrove.temporal.NonRetryable;
import org.opentrove.temporal.activities.guest.GuestActivities;

/**
 * The guest's queue and its own broker identity are made and removed together (the create saga's
 * queue step and its undo, the delete's last step), so a guest never holds rights to a queue that
 * is gone or to another instance's.
 */
public class GuestActivitiesImpl implements GuestActivities {
  private final GuestRpcClient rpc;
  private final GuestBusAccess access;
  private final Duration callTimeout;

  /** Inside the WAIT profile's start-to-close timeout, so the activity's retry asks again. */
  private static final Duration LONG_CALL_TIMEOUT = Duration.ofMinutes(14);

  /**
   * A datastore's stop and start (Trove's agent_call_high_timeout for {@code restart}): a Galera
   * member's rejoin takes its state transfer, and a retry after a lost worker waits behind the
   * first call in the guest's queue. A guest that is gone fails after this, not at once.
   */
  private static final Duration RESTART_CALL_TIMEOUT = Duration.ofMinutes(3);

  private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(3);

  /** Calls that wait for a copy or a resize, off the common pool (one thread on a 2-core host). */
  private static final java.util.concurrent.ExecutorService LONG_CALLS =
      java.util.concurrent.Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "guest-long-call");
            thread.setDaemon(true);
            return thread;
          });

  public GuestActivitiesImpl(GuestRpcClient rpc, GuestBusAccess access, Duration callTimeout) {
    this.rpc = rpc;
    this.access = access;
    this.callTimeout = callTimeout;
  }

  @Override
  public void createQueue(String instanceId) {
    try {
      rpc.declareGuestQueue(instanceId);
      access.grant(instanceId);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot declare the guest queue or broker identity of " + instanceId, e);
    }
  }

  @Override
  public void prepare(String instanceId, RequestContext context, PrepareArgs args) {
    try {
      rpc.cast(instanceId, GuestMethods.PREPARE, args, context);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot send prepare to " + instanceId, e);
    }
  }

  @Override
  public void createBackup(String instanceId, RequestContext context, BackupArgs args) {
    try {
      rpc.cast(instanceId, GuestMethods.CREATE_BACKUP, args, context);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot send create_backup to " + instanceId, e);
    }
  }

  @Override
  public void stopDatastore(String instanceId, RequestContext context) {
    call(instanceId, GuestMethods.STOP_DB, context, "stop the datastore of");
  }

  @Override
  public void growFilesystem(String instanceId, RequestContext context, int sizeGb) {
    callBeating(
        instanceId,
        GuestMethods.RESIZE_FS,
        new VolumeSizeArgs(sizeGb),
        context,
        "grow the volume's filesystem of");
  }

  @Override
  public void restartDatastore(String instanceId, RequestContext context) {
    callBeating(
        instanceId,
        GuestMethods.RESTART,
        Map.of(),
        context,
        "restart the datastore of",
        RESTART_CALL_TIMEOUT);
  }

  @Override
  public void applyFlavor(String instanceId, RequestContext context, int memoryMb) {
    callBeating(
        instanceId,
        GuestMethods.APPLY_FLAVOR,
        new FlavorArgs(memoryMb),
        context,
        "apply the new flavor to the datastore of",
        RESTART_CALL_TIMEOUT);
  }

  @Override
  public ReplicaLogin addReplica(String sourceId, RequestContext context, String replicaId) {
    return Wire.convert(
        call(
            sourceId,
            GuestMethods.ADD_REPLICA,
            new ReplicaArgs(replicaId),
            context,
            "add a replica's account on"),
        ReplicaLogin.class);
  }

  @Override
  public void removeReplica(String sourceId, RequestContext context, String replicaId) {
    call(
        sourceId,
        GuestMethods.REMOVE_REPLICA,
        new ReplicaArgs(replicaId),
        context,
        "remove a replica's account on");
  }

  @Override
  public void detachReplica(String replicaId, RequestContext context) {
    call(replicaId, GuestMethods.DETACH_REPLICA, context, "detach the replica");
  }

  @Override
  public String stopAsSource(String sourceId, RequestContext context) {
    return Wire.convert(
            call(
                sourceId,
                GuestMethods.STOP_AS_SOURCE,
                java.util.Map.of(),
                context,
                "stop the source to hand over"),
            ReplicationPosition.class)
        .position();
  }

  @Override
  public void promoteReplica(String replicaId, RequestContext context, String after) {
    call(
        replicaId,
        GuestMethods.PROMOTE_REPLICA,
        new ReplicationPosition(after),
        context,
        "promote the replica");
  }

  @Override
  public String receivedPosition(String replicaId, RequestContext context) {
    return Wire.convert(
            call(
                replicaId,
                GuestMethods.REPLICATION_POSITION,
                java.util.Map.of(),
                context,
                "read the received position of"),
            ReplicationPosition.class)
        .position();
  }

  @Override
  public void setSynchronous(String sourceId, RequestContext context, boolean synchronous) {
    call(
        sourceId,
        GuestMethods.SET_SYNCHRONOUS,
        new org.opentrove.contract.SynchronousArgs(synchronous),
        context,
        "set synchronous replication on");
  }

  @Override
  public void rejoinSource(String instanceId, RequestContext context, RejoinArgs args) {
    callBeating(instanceId, GuestMethods.REJOIN_SOURCE, args, context, "rejoin the set with");
  }

  /**
   * A call that may take minutes, heartbeating while it waits so a dead worker is noticed; its
   * timeout is inside the WAIT profile's start-to-close, so the activity's retry asks again.
   */
  private void callBeating(
      String instanceId, String method, Object args, RequestContext context, String what) {
    callBeating(instanceId, method, args, context, what, LONG_CALL_TIMEOUT);
  }

  private void callBeating(
      String instanceId,
      String method,
      Object args,
      RequestContext context,
      String what,
      Duration timeout) {
    CompletableFuture<JsonNode> answer =
        CompletableFuture.supplyAsync(
            () -> call(instanceId, method, args, context, what, timeout), LONG_CALLS);
    while (true) {
      try {
        answer.get(HEARTBEAT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException stillWorking) {
        ActivityProgress.beat();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException failure) {
          throw failure;
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        answer.cancel(true);
        throw new IllegalStateException("interrupted waiting to " + what + " " + instanceId, e);
      }
    }
  }

  @Override
  public void followSource(String memberId, RequestContext context, ReplicationSource source) {
    call(memberId, GuestMethods.FOLLOW_SOURCE, source, context, "re-point the replica");
  }

  @Override
  public void setClusterMembers(
      String memberId, RequestContext context, org.opentrove.contract.ClusterMembers members) {
    call(
        memberId, GuestMethods.SET_CLUSTER_MEMBERS, members, context, "update the cluster members");
  }

  private void call(String instanceId, String method, RequestContext context, String what) {
    call(instanceId, method, java.util.Map.of(), context, what);
  }

  private JsonNode call(
      String instanceId, String method, Object args, RequestContext context, String what) {
    return call(instanceId, method, args, context, what, callTimeout);
  }

  private JsonNode call(
      String instanceId,
      String method,
      Object args,
      RequestContext context,
      String what,
      Duration timeout) {
    try {
      return rpc.call(instanceId, method, args, context, timeout);
    } catch (GuestTimeoutException e) {
      throw ApplicationFailure.newFailure(e.getMessage(), NonRetryable.GUEST_TIMEOUT);
    } catch (GuestErrorException e) {
      throw ApplicationFailure.newFailure(e.getMessage(), e.type().wireName());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot " + what + " " + instanceId, e);
    }
  }

  @Override
  public void deleteQueue(String instanceId) {
    try {
      access.revoke(instanceId);
      rpc.deleteGuestQueue(instanceId);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot delete the guest queue or broker identity of " + instanceId, e);
    }
  }
}
