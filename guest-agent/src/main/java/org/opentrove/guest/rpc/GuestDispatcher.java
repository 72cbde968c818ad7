package org.opentrove.guest.rpc;

import java.util.Map;
import org.opentrove.contract.BackupArgs;
import org.opentrove.contract.Envelope;
import org.opentrove.contract.FlavorArgs;
import org.opentrove.contract.GuestErrorType;
import org.opentrove.contract.GuestMethods;
import org.opentrove.contract.MalformedMessageException;
import org.opentrove.contract.PrepareArgs;
import org.opentrove.contract.RejoinArgs;
import org.opentrove.contract.ReplicaArgs;
import org.opentrove.contract.ReplicationPosition;
import org.opentrove.contract.ReplicationSource;
import org.opentrove.contract.Reply;
import org.opentrove.contract.SynchronousArgs;
import org.opentrove.contract.VolumeSizeArgs;
import org.opentrove.contract.Wire;
import org.opentrove.guest.DatastoreManager;
import org.opentrove.guest.GuestOperationException;
import org.opentrove.guest.backup.BackupRunner;
import org.opentrove.guest.os.VolumeFilesystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a command's method to the datastore manager and its outcome to a {@link Reply}. Expected
 * failures keep their type; anything else becomes {@code GuestError} with the detail in the log.
 */
public final class GuestDispatcher {
  private static final Logger log = LoggerFactory.getLogger(GuestDispatcher.class);

  private final DatastoreManager manager;
  private final AdminCommands admin;
  private final BackupRunner backups;
  private final VolumeFilesystem filesystem;

  /** A dispatcher without backups or a volume (they answer an error). */
  public GuestDispatcher(DatastoreManager manager) {
    this(manager, null, null);
  }

  public GuestDispatcher(
      DatastoreManager manager, BackupRunner backups, VolumeFilesystem filesystem) {
    this.manager = manager;
    this.admin = new AdminCommands(manager);
    this.backups = backups;
    this.filesystem = filesystem;
  }

  public Reply dispatch(Envelope envelope) {
    String method = envelope.method();
    try {
      return switch (method) {
        case GuestMethods.PREPARE -> {
          manager.prepare(Wire.args(envelope, PrepareArgs.class));
          yield Reply.ok(Map.of());
        }
        case GuestMethods.STOP_DB -> Reply.ok(manager.stopDb());
        case GuestMethods.RESTART -> Reply.ok(manager.restart());
        case GuestMethods.APPLY_FLAVOR ->
            Reply.ok(manager.applyFlavor(Wire.args(envelope, FlavorArgs.class).memoryMb()));
        case GuestMethods.GET_STATUS -> Reply.ok(manager.status());
        case GuestMethods.RESIZE_FS ->
            filesystem == null
                ? Reply.error(GuestErrorType.UNKNOWN_METHOD, "this guest has no volume")
                : Reply.ok(filesystem.grow(Wire.args(envelope, VolumeSizeArgs.class).sizeGb()));
        case GuestMethods.ADD_REPLICA ->
            Reply.ok(manager.addReplica(Wire.args(envelope, ReplicaArgs.class).replicaId()));
        case GuestMethods.REMOVE_REPLICA -> {
          manager.removeReplica(Wire.args(envelope, ReplicaArgs.class).replicaId());
          yield Reply.ok(Map.of());
        }
        case GuestMethods.DETACH_REPLICA -> Reply.ok(manager.detachReplica());
        case GuestMethods.STOP_AS_SOURCE -> Reply.ok(manager.stopAsSource());
        case GuestMethods.REPLICATION_POSITION -> Reply.ok(manager.receivedPosition());
        case GuestMethods.SET_SYNCHRONOUS -> {
          manager.setSynchronous(Wire.args(envelope, SynchronousArgs.class).synchronous());
          yield Reply.ok(Map.of());
        }
        case GuestMethods.PROMOTE_REPLICA ->
            Reply.ok(
                manager.promoteReplica(Wire.args(envelope, ReplicationPosition.class).position()));
        case GuestMethods.FOLLOW_SOURCE ->
            Reply.ok(manager.followSource(Wire.args(envelope, ReplicationSource.class)));
        case GuestMethods.SET_CLUSTER_MEMBERS ->
            Reply.ok(
                manager.setClusterMembers(
                    Wire.args(envelope, org.opentrove.contract.ClusterMembers.class)));
        case GuestMethods.REJOIN_SOURCE ->
            Reply.ok(manager.rejoinSource(Wire.args(envelope, RejoinArgs.class)));
        case GuestMethods.CREATE_BACKUP -> {
          if (backups == null) {
            yield Reply.error(GuestErrorType.UNKNOWN_METHOD, "this guest takes no backups");
          }
          backups.start(Wire.args(envelope, BackupArgs.class), manager.backups(), manager::admin);
          yield Reply.ok(Map.of());
        }
        default ->
            AdminCommands.METHODS.contains(method)
                ? Reply.ok(admin.run(envelope))
                : Reply.error(
                    GuestErrorType.UNKNOWN_METHOD, "this guest has no method '" + method + "'");
      };
    } catch (MalformedMessageException e) {
      log.warn("{}: unreadable arguments: {}", method, e.getMessage());
      return Reply.error(GuestErrorType.INVALID_ARGUMENTS, method + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      log.warn("{}: invalid arguments: {}", method, e.getMessage());
      return Reply.error(GuestErrorType.INVALID_ARGUMENTS, method + ": " + e.getMessage());
    } catch (GuestOperationException e) {
      log.warn("{} failed ({}): {}", method, e.type(), e.getMessage());
      return Reply.error(e.type(), e.getMessage());
    } catch (RuntimeException e) {
      log.error("{} failed unexpectedly", method, e);
      return Reply.error(
          GuestErrorType.GUEST_ERROR, method + " failed: " + e.getClass().getSimpleName());
    }
  }
}
