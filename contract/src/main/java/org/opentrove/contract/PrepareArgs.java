package org.opentrove.contract;

import java.util.List;

/**
 * Args of {@link GuestMethods#PREPARE}; a non-empty {@code restoreChain} (full backup first, then
 * its incrementals in order) builds the data from backups instead of an empty datastore; a cluster
 * member starts its cluster or joins it ({@code cluster}).
 */
public record PrepareArgs(
    String datastore,
    String datastoreVersion,
    int port,
    int memoryMb,
    List<DatabaseSpec> databases,
    List<UserSpec> users,
    List<BackupPiece> restoreChain,
    ReplicationSource replicaOf,
    ClusterMembership cluster) {

  public PrepareArgs {
    databases = databases == null ? List.of() : List.copyOf(databases);
    users = users == null ? List.of() : List.copyOf(users);
    restoreChain = restoreChain == null ? List.of() : List.copyOf(restoreChain);
  }

  public PrepareArgs(
      String datastore,
      String datastoreVersion,
      int port,
      int memoryMb,
      List<DatabaseSpec> databases,
      List<UserSpec> users,
      List<BackupPiece> restoreChain,
      ReplicationSource replicaOf) {
    this(
        datastore,
        datastoreVersion,
        port,
        memoryMb,
        databases,
        users,
        restoreChain,
        replicaOf,
        null);
  }

  public PrepareArgs(
      String datastore,
      String datastoreVersion,
      int port,
      int memoryMb,
      List<DatabaseSpec> databases,
      List<UserSpec> users,
      List<BackupPiece> restoreChain) {
    this(datastore, datastoreVersion, port, memoryMb, databases, users, restoreChain, null);
  }

  public PrepareArgs(
      String datastore,
      String datastoreVersion,
      int port,
      int memoryMb,
      List<DatabaseSpec> databases,
      List<UserSpec> users) {
    this(datastore, datastoreVersion, port, memoryMb, databases, users, List.of());
  }
}
