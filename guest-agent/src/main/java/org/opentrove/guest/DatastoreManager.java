package org.opentrove.guest;

import org.opentrove.contract.PrepareArgs;
import org.opentrove.contract.RejoinArgs;
import org.opentrove.contract.ReplicaLogin;
import org.opentrove.contract.ReplicationPosition;
import org.opentrove.contract.ReplicationSource;
import org.opentrove.guest.backup.DatastoreBackups;

/**
 * The RPC surface of one datastore (Trove's per-datastore manager). The RPC server calls these
 * methods one at a time; {@link #status()} and {@link #shutdown()} may run concurrently with them.
 */
public interface DatastoreManager {

  /** At agent start: if the instance was prepared before, make sure the datastore runs again. */
  void recover();

  /**
   * Initialises and starts the datastore and creates the initial databases and users. Idempotent: a
   * retried prepare skips what already exists. Records FAILED (and throws) on failure.
   */
  void prepare(PrepareArgs args);

  /** Stops the datastore cleanly; stopping a stopped datastore is not an error. */
  GuestStatus stopDb();

  /** Restarts the datastore (starts it if it was stopped). */
  GuestStatus restart();

  /**
   * Stops the datastore if it runs, sizes its memory settings for {@code memoryMb} (a new flavor's)
   * and starts it. Running it again for the same memory changes nothing more.
   */
  GuestStatus applyFlavor(int memoryMb);

  /** On a source: the account and slot for {@code replicaId} (see {@link DatastoreReplication}). */
  ReplicaLogin addReplica(String replicaId);

  /** On a source: removes {@code replicaId}'s account and slot; gone already is fine. */
  void removeReplica(String replicaId);

  /** On a replica: stop following the source and take writes; a standalone stays as it is. */
  GuestStatus detachReplica();

  /** On a source handing over: stop cleanly; the position of its last record. */
  ReplicationPosition stopAsSource();

  /** On the replica taking over: replay past {@code after} (may be null), then take writes. */
  GuestStatus promoteReplica(String after);

  /** Follow {@code source} from now on (see {@link DatastoreReplication#follow}). */
  GuestStatus followSource(ReplicationSource source);

  /** A cluster member's new list of members (see {@link DatastoreClustering#setMembers}). */
  GuestStatus setClusterMembers(org.opentrove.contract.ClusterMembers members);

  /** Instead of {@link #recover}: the datastore stays stopped until it rejoins its set. */
  void hold();

  /**
   * A held former source: its data replaced by a copy of {@code args}' source, which it follows
   * read-only from now on.
   */
  GuestStatus rejoinSource(RejoinArgs args);

  /** On a replica: the position of the last record it received. */
  ReplicationPosition receivedPosition();

  /** On a source: commits wait for one replica, or for none. */
  void setSynchronous(boolean synchronous);

  /** The current status, probing the datastore when it should be running. */
  GuestStatus status();

  /**
   * Databases, users and root of the running datastore.
   *
   * @throws GuestOperationException of type {@code NotReady} before prepare or while it is down
   */
  DatastoreAdmin admin();

  /** How this datastore is backed up and restored. */
  DatastoreBackups backups();

  /** On agent shutdown: stops the datastore with a bounded wait. Never throws. */
  void shutdown();
}
