package org.opentrove.temporal.activities.compute;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import org.opentrove.temporal.ActivityProfiles;
import org.opentrove.temporal.UsesProfile;

/** Servers that run a guest agent: local processes here, Nova servers in production. */
@ActivityInterface
public interface ComputeActivities {
  /**
   * Starts the server for an instance, its guest agent configured to serve the instance's queue.
   * Idempotency key: the instance id. A retry finds the server it already started and returns it.
   */
  @ActivityMethod(name = "CreateServer")
  @UsesProfile(ActivityProfiles.COMPUTE)
  ServerInfo createServer(CreateServerRequest request);

  /**
   * Whether the server of an instance still runs its guest (Nova: status ACTIVE). A create waiting
   * for its guest asks, so that a server that died fails the create at once, not at the timeout.
   */
  @ActivityMethod(name = "ServerIsRunning")
  boolean serverIsRunning(String instanceId);

  /**
   * Starts the server's guest again if it stopped (Nova: a hard reboot), configured as it was
   * created. Idempotency key: the instance id; a running server is left alone.
   */
  @ActivityMethod(name = "RestartServer")
  void restartServer(String instanceId);

  /**
   * Reboots the server (Nova: a reboot): its guest stops the datastore and exits, the guest and, on
   * docker, the datastore's container stop and start again. Idempotency key: the operation id; a
   * server already rebooted for it, whose guest runs, is left alone.
   */
  @ActivityMethod(name = "RebootServer")
  @UsesProfile(ActivityProfiles.COMPUTE)
  void rebootServer(String instanceId, String operationId);

  /**
   * Moves the server to another compute host ({@code host}, or the scheduler's choice when null)
   * and confirms the move (Nova: a cold migration). Idempotency key: the operation id; a server
   * already moved for it is left alone, one waiting for confirmation is confirmed. A driver with
   * one host refuses (non-retryable {@code InvalidRequest}).
   */
  @ActivityMethod(name = "MigrateServer")
  @UsesProfile(ActivityProfiles.WAIT)
  void migrateServer(String instanceId, String operationId, String host);

  /**
   * Gives the server a flavor's memory and CPUs (Nova: resize and confirm). The local driver
   * records them in the guest's settings and, on docker, sets the container's limits; the datastore
   * should be stopped, because a container's memory cannot drop below what it uses. Idempotency
   * key: the instance id and flavor; resizing to the flavor it has changes nothing.
   */
  @ActivityMethod(name = "ResizeServer")
  void resizeServer(String instanceId, int ramMb, int vcpus);

  /**
   * Stops and removes the server and every process it ran. Idempotency key: the instance id; a
   * server that is already gone counts as deleted.
   */
  @ActivityMethod(name = "DeleteServer")
  @UsesProfile(ActivityProfiles.COMPUTE)
  void deleteServer(String instanceId);

  /**
   * Opens the one network path a replica's datastore may take out of its server: to its source's
   * datastore port (every other connection it starts stays refused), and answers where the replica
   * reaches the source. Idempotency key: the replica; opening it again replaces it.
   */
  @ActivityMethod(name = "OpenReplicationLink")
  ReplicationEndpoint openReplicationLink(String replicaId, String sourceId);

  /**
   * Lets the datastores of {@code memberIds} (servers that exist) reach one another's cluster ports
   * and nothing else new: every member's paths are rewritten to exactly the others listed, so a
   * member left out is cut off. Gives each member its cluster ports on first sight, and answers
   * every member as the others reach it, in the order given. Idempotent.
   */
  @ActivityMethod(name = "ConnectClusterMembers")
  java.util.List<org.opentrove.contract.ClusterNode> connectClusterMembers(
      java.util.List<String> memberIds);

  /** Closes the replica's path to its source; a closed one stays closed. */
  @ActivityMethod(name = "CloseReplicationLink")
  void closeReplicationLink(String replicaId);

  /**
   * Fences a server: its guest and datastore are stopped (SIGKILL for what does not stop) and it is
   * marked so that nothing starts it again (restart and reboot refuse it) until it rejoins. Its
   * volume is kept. Fencing a fenced server changes nothing.
   */
  @ActivityMethod(name = "FenceServer")
  @UsesProfile(ActivityProfiles.COMPUTE)
  void fenceServer(String instanceId);

  /**
   * Starts a fenced server with its datastore held (its guest starts; the datastore does not, so
   * the former source takes no write) and lifts the fence. A running server is left as it is.
   */
  @ActivityMethod(name = "StartHeldServer")
  @UsesProfile(ActivityProfiles.COMPUTE)
  void startHeldServer(String instanceId);

  /** The server's guest starts its datastore again from its next start on (held no more). */
  @ActivityMethod(name = "ReleaseHold")
  void releaseHold(String instanceId);
}
