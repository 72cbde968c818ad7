package org.opentrove.contract;

/** Commands the control plane sends to a guest agent; names match Trove's guest API. */
public final class GuestMethods {
  /** Cast: initialise and start the datastore, create the initial databases and users. */
  public static final String PREPARE = "prepare";

  /** Call: stop the datastore cleanly (before the instance is deleted). */
  public static final String STOP_DB = "stop_db";

  /** Call: restart the datastore. */
  public static final String RESTART = "restart";

  /**
   * Call: stop the datastore, size its memory settings for a new flavor ({@link FlavorArgs}) and
   * start it (Trove's resize restarts the datastore with its configuration rendered for the new
   * flavor). Answered once it runs again, or with {@code RestartFailed}.
   */
  public static final String APPLY_FLAVOR = "apply_flavor";

  /**
   * Call: grow the filesystem of the data directory's volume to its device once the device has the
   * size the volume grew to ({@link VolumeSizeArgs}; a hypervisor may show it a little later),
   * after the volume grew under a running server (Trove's resize_fs, online). Answers {@code
   * size_bytes}; asking again changes nothing.
   */
  public static final String RESIZE_FS = "resize_fs";

  /**
   * Call, to a replica's source: make a replication account and slot for the replica named in
   * {@link ReplicaArgs}; answers its {@link ReplicaLogin}. Asking again for the same replica gives
   * it a new password and keeps its slot.
   */
  public static final String ADD_REPLICA = "add_replica";

  /**
   * Call, to a replica's source: end the replica's connection and remove its account and slot
   * ({@link ReplicaArgs}); removing one that is gone is not an error.
   */
  public static final String REMOVE_REPLICA = "remove_replica";

  /**
   * Call, to a replica: stop following the source and become a standalone read-write datastore
   * (Trove's detach_replica). Detaching a detached datastore changes nothing.
   */
  public static final String DETACH_REPLICA = "detach_replica";

  /**
   * Call, to a source handing over (a switchover): stop the datastore cleanly; answers the {@link
   * ReplicationPosition} of its last record, which its replicas receive before it stops.
   */
  public static final String STOP_AS_SOURCE = "stop_as_source";

  /**
   * Call, to the replica taking over: wait until it replayed past the {@link ReplicationPosition}
   * given (none: take what it has), then take writes. Promoting a promoted datastore changes
   * nothing.
   */
  public static final String PROMOTE_REPLICA = "promote_replica";

  /**
   * Call, to a member of a replica set: follow the {@link ReplicationSource} given from now on (a
   * running replica is re-pointed; a stopped former source starts as a replica).
   */
  public static final String FOLLOW_SOURCE = "follow_source";

  /**
   * Call, to a fenced former source whose agent started with the datastore held: replace its data
   * with a copy of the {@link RejoinArgs}' source and follow it, read-only.
   */
  public static final String REJOIN_SOURCE = "rejoin_source";

  /**
   * Call, to a replica: the {@link ReplicationPosition} of the last record it received from its
   * source (an eject promotes the replica that received most).
   */
  public static final String REPLICATION_POSITION = "replication_position";

  /**
   * Call, to a source: commits wait for one replica to have them ({@link SynchronousArgs} true), or
   * for none. A set with automatic failover replicates synchronously, so a failover loses no write
   * the source acknowledged.
   */
  public static final String SET_SYNCHRONOUS = "set_synchronous";

  /** Call: report the datastore's current status. */
  /**
   * A cluster member learns the cluster's members ({@link ClusterMembers}): the address list it
   * rejoins through when it starts next. The running datastore is left as it is.
   */
  public static final String SET_CLUSTER_MEMBERS = "set_cluster_members";

  public static final String GET_STATUS = "get_status";

  // Databases, users and root (Trove's mysql extension): calls, answered once the change is made.
  public static final String LIST_DATABASES = "list_databases";
  public static final String CREATE_DATABASE = "create_database";
  public static final String DELETE_DATABASE = "delete_database";
  public static final String LIST_USERS = "list_users";
  public static final String GET_USER = "get_user";
  public static final String CREATE_USER = "create_user";
  public static final String DELETE_USER = "delete_user";
  public static final String UPDATE_ATTRIBUTES = "update_attributes";
  public static final String CHANGE_PASSWORDS = "change_passwords";
  public static final String GRANT_ACCESS = "grant_access";
  public static final String REVOKE_ACCESS = "revoke_access";
  public static final String LIST_ACCESS = "list_access";
  public static final String ENABLE_ROOT = "enable_root";
  public static final String DISABLE_ROOT = "disable_root";
  public static final String IS_ROOT_ENABLED = "is_root_enabled";

  /** Cast: stream a backup to the object store, reporting through the conductor. */
  public static final String CREATE_BACKUP = "create_backup";

  private GuestMethods() {}
}
