package org.opentrove.api.core;

import java.time.Duration;
import java.time.Instant;
import org.opentrove.api.errors.TroveError;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.model.InstanceTask;
import org.opentrove.store.InstanceRow;

/**
 * Derives the status strings as Trove does: the task first, then the server, then the guest's
 * service status. A guest whose last heartbeat is older than the expiry counts as unknown.
 */
public final class InstanceStatus {
  private final Duration heartbeatExpiry;

  public InstanceStatus(Duration heartbeatExpiry) {
    this.heartbeatExpiry = heartbeatExpiry;
  }

  public String status(InstanceRow row, Instant now) {
    String server = row.serverStatus();
    String running =
        switch (row.taskStatus()) {
          case NONE -> null;
          case BUILD_FAILED, DELETE_FAILED -> "ERROR";
          case BUILDING -> "BUILD";
          case DELETING -> "SHUTDOWN";
          case BACKING_UP -> "BACKUP";
          case RESTARTING -> "REBOOT";
          case RESIZING -> "RESIZE";
          case DETACHING -> "DETACH";
          case PROMOTING -> "PROMOTE";
          case EJECTING -> "EJECT";
          case REJOINING -> "REBOOT"; // the tenant restarted it
          case MIGRATING -> "RESIZE"; // Trove shows Nova's status, RESIZE while a server moves
        };
    if (running != null) {
      return "ERROR".equals(server) ? "ERROR" : running;
    }
    if ("ERROR".equals(server)) {
      return "ERROR";
    }
    ServiceStatus service = serviceStatus(row, now);
    if (service == ServiceStatus.FAILED) {
      return "ERROR";
    }
    if (service == ServiceStatus.SHUTDOWN
        || service == ServiceStatus.CRASHED
        || service == ServiceStatus.UNKNOWN) {
      return "SHUTDOWN";
    }
    return server == null ? "UNKNOWN" : server;
  }

  /**
   * Trove's check before an instance action (restart, backup, ...): the server ACTIVE, no task
   * running, and a datastore status that allows actions; otherwise a 422 saying which status stands
   * in the way, in Trove's words.
   */
  public void requireAvailableForAction(InstanceRow row, Instant now) {
    String statusType = "instance";
    String status = null;
    if (!"ACTIVE".equals(row.serverStatus())) {
      status = row.serverStatus();
    } else if (row.taskStatus() == InstanceTask.BACKING_UP) {
      status = "BACKUP"; // Trove finds a running backup, not a task
    } else if (row.taskStatus() != InstanceTask.NONE) {
      statusType = "task";
      status = troveTaskAction(row.taskStatus());
    } else if (!allowsActions(serviceStatus(row, now))) {
      status = status(row, now);
    }
    if (status != null) {
      throw TroveError.unprocessable(
          "Instance "
              + row.id()
              + " is not currently available for an action to be performed ("
              + statusType
              + " status was "
              + status
              + ").");
    }
  }

  /** Trove's name for what a task is doing ({@code InstanceTasks.X.action}). */
  private static String troveTaskAction(InstanceTask task) {
    return switch (task) {
      case NONE -> "NONE";
      case BUILDING, BUILD_FAILED -> "BUILDING";
      case DELETING, DELETE_FAILED -> "DELETING";
      case BACKING_UP -> "BACKUP";
      case RESTARTING -> "REBOOTING";
      case RESIZING -> "RESIZING";
      case DETACHING -> "DETACHING";
      case PROMOTING -> "PROMOTING";
      case EJECTING -> "EJECTING";
      case REJOINING -> "REBOOTING";
      case MIGRATING -> "MIGRATING";
    };
  }

  /** Trove's {@code ServiceStatus.action_is_allowed}. */
  private static boolean allowsActions(ServiceStatus status) {
    return switch (status) {
      case HEALTHY, RUNNING, SHUTDOWN, CRASHED -> true;
      case NEW, BUILDING, FAILED, UNKNOWN -> false;
    };
  }

  /** Trove's {@code operating_status}: empty while a task runs or the server is not active. */
  public String operatingStatus(InstanceRow row, Instant now) {
    if (row.taskStatus() != InstanceTask.NONE || !"ACTIVE".equals(row.serverStatus())) {
      return "";
    }
    return serviceStatus(row, now).apiStatus();
  }

  /** Whether the guest's last heartbeat is younger than the expiry (Trove's eject check). */
  public boolean hasCurrentHeartbeat(InstanceRow row, Instant now) {
    Instant last = row.serviceStatusUpdated();
    return last != null && Duration.between(last, now).compareTo(heartbeatExpiry) <= 0;
  }

  ServiceStatus serviceStatus(InstanceRow row, Instant now) {
    if (row.serviceStatus() == null) {
      return ServiceStatus.NEW;
    }
    Instant last = row.serviceStatusUpdated();
    if (last == null || Duration.between(last, now).compareTo(heartbeatExpiry) > 0) {
      return ServiceStatus.UNKNOWN;
    }
    return ServiceStatus.valueOf(row.serviceStatus());
  }
}
