package org.opentrove.model;

/** Step names: workflows enter them, the API shows them; each type lists its own in order. */
public final class OperationSteps {
  public static final String CREATE_QUEUE_AND_VOLUME = "create-queue-and-volume";
  public static final String CREATE_SERVER = "create-server";
  public static final String LINK_TO_SOURCE = "link-to-source";
  public static final String UNLINK_FROM_SOURCE = "unlink-from-source";
  public static final String SNAPSHOT_SOURCE = "snapshot-source";
  public static final String UNFENCE_SERVER = "unfence-server";
  public static final String COPY_SOURCE = "copy-source";
  public static final String REMOVE_SOURCE_SNAPSHOT = "remove-source-snapshot";
  public static final String LINK_TO_CLUSTER = "link-to-cluster";
  public static final String PREPARE_GUEST = "prepare-guest";
  public static final String WAIT_FOR_GUEST = "wait-for-guest";

  public static final String STOP_DATASTORE = "stop-datastore";
  public static final String DELETE_SERVER = "delete-server";
  public static final String DELETE_VOLUME = "delete-volume";
  public static final String DELETE_GUEST_QUEUE = "delete-guest-queue";

  public static final String RESTART_DATASTORE = "restart-datastore";
  public static final String WAIT_FOR_DATASTORE = "wait-for-datastore";

  public static final String REBOOT_SERVER = "reboot-server";
  public static final String MIGRATE_SERVER = "migrate-server";

  public static final String PROMOTE_REPLICA = "promote-replica";
  public static final String RECORD_DETACHED = "record-detached";
  public static final String STOP_SOURCE = "stop-source";
  public static final String FENCE_SOURCE = "fence-source";
  public static final String CHOOSE_REPLICA = "choose-replica";
  public static final String REPOINT_REPLICAS = "repoint-replicas";
  public static final String REJOIN_OLD_SOURCE = "rejoin-old-source";
  public static final String RECORD_REPLICA_SET = "record-replica-set";

  public static final String GROW_VOLUME = "grow-volume";
  public static final String GROW_FILESYSTEM = "grow-filesystem";

  public static final String RESIZE_SERVER = "resize-server";
  public static final String START_ON_FLAVOR = "start-on-flavor";
  public static final String REVERT_RESIZE = "revert-resize";

  public static final String START_BACKUP = "start-backup";
  public static final String STREAM_BACKUP = "stream-backup";
  public static final String WAIT_FOR_BACKUP = "wait-for-backup";

  public static final String DELETE_BACKUP_OBJECTS = "delete-backup-objects";

  private OperationSteps() {}

  public static final String BOOTSTRAP_CLUSTER = "bootstrap-cluster";
  public static final String JOIN_MEMBERS = "join-members";
  public static final String ADD_MEMBERS = "add-members";
  public static final String REMOVE_MEMBERS = "remove-members";
  public static final String RESTART_MEMBERS = "restart-members";
  public static final String DELETE_MEMBERS = "delete-members";
  public static final String UPDATE_MEMBER_SETTINGS = "update-member-settings";
  public static final String RECORD_CLUSTER = "record-cluster";
}
