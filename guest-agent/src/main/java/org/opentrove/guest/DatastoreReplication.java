package org.opentrove.guest;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.opentrove.contract.BackupPiece;
import org.opentrove.contract.GuestErrorType;
import org.opentrove.contract.ReplicaLogin;
import org.opentrove.contract.ReplicationSource;
import org.opentrove.objects.ObjectStore;

/** One engine's replication: the source's side (accounts, slots) and the replica's. */
public interface DatastoreReplication {

  /** An engine whose replication is not built yet: the API refuses its replicas first. */
  DatastoreReplication NOT_BUILT =
      new DatastoreReplication() {
        private GuestOperationException notBuilt() {
          return new GuestOperationException(
              GuestErrorType.UNKNOWN_METHOD, "replication is not supported by this datastore");
        }

        @Override
        public ReplicaLogin addReplica(DatastoreAdmin admin, String replicaId) {
          throw notBuilt();
        }

        @Override
        public void removeReplica(DatastoreAdmin admin, String replicaId) {
          throw notBuilt();
        }

        @Override
        public void seed(
            ReplicationSource source,
            List<BackupPiece> snapshot,
            ObjectStore store,
            AdminCredentials credentials,
            int port,
            int memoryMb) {
          throw notBuilt();
        }

        @Override
        public String stopAsSource(DatastoreAdmin admin) {
          throw notBuilt();
        }

        @Override
        public void promote(DatastoreAdmin admin, AdminCredentials credentials, String after) {
          throw notBuilt();
        }

        @Override
        public void follow(ReplicationSource source, AdminCredentials credentials) {
          throw notBuilt();
        }

        @Override
        public String receivedPosition(DatastoreAdmin admin) {
          throw notBuilt();
        }

        @Override
        public void setSynchronous(DatastoreAdmin admin, boolean synchronous) {
          throw notBuilt();
        }

        @Override
        public boolean isReplica() {
          return false;
        }

        @Override
        public void detach(DatastoreAdmin admin, AdminCredentials credentials) {
          throw notBuilt();
        }
      };

  /**
   * On a source: the replica's own account (a new password each time) and a slot that keeps the WAL
   * the replica has not received yet.
   */
  ReplicaLogin addReplica(DatastoreAdmin admin, String replicaId) throws SQLException;

  /** On a source: ends the replica's connection, removes its slot and account (if there). */
  void removeReplica(DatastoreAdmin admin, String replicaId) throws SQLException;

  /**
   * On a new replica: replaces the data directory with a copy of the source's and configures the
   * datastore to follow it read-only. An engine that cannot copy over the replication connection
   * restores {@code snapshot}, a backup of the source taken for this replica, from {@code store}.
   * The caller starts the datastore (if this did not).
   */
  void seed(
      ReplicationSource source,
      List<BackupPiece> snapshot,
      ObjectStore store,
      AdminCredentials credentials,
      int port,
      int memoryMb)
      throws IOException, SQLException;

  /**
   * On a source about to hand over: stops the datastore cleanly (its replicas receive everything it
   * wrote, its shutdown record last) and answers the position of that last record.
   */
  String stopAsSource(DatastoreAdmin admin) throws IOException, SQLException;

  /**
   * On a replica: waits until it has replayed past {@code after} (a source's last position; null to
   * take what it has), then takes writes, the agent back on its own account. The replication
   * accounts stay: the other members follow it with them.
   */
  void promote(DatastoreAdmin admin, AdminCredentials credentials, String after)
      throws IOException, SQLException;

  /**
   * Follows {@code source} from now on: a running replica is re-pointed; a stopped former source
   * (cleanly stopped by {@link #stopAsSource}) starts as a replica of it. The agent then logs in
   * with this member's account, which the new source just set.
   */
  void follow(ReplicationSource source, AdminCredentials credentials) throws IOException;

  /** On a replica: the position of the last record it received from its source. */
  String receivedPosition(DatastoreAdmin admin) throws SQLException;

  /**
   * On a source: commits wait until one replica, any, has flushed them ({@code synchronous}), or
   * none do. Its replicas and a promoted replica keep what they were told.
   */
  void setSynchronous(DatastoreAdmin admin, boolean synchronous) throws SQLException;

  /** Whether the datastore follows a source (a replica not yet detached). */
  boolean isReplica();

  /**
   * On a running replica: stops following the source and takes writes; the agent's own account gets
   * its password back and the replication accounts copied from the source are removed. Returns once
   * the datastore takes writes. Detaching a standalone datastore changes nothing.
   */
  void detach(DatastoreAdmin admin, AdminCredentials credentials) throws IOException, SQLException;
}
