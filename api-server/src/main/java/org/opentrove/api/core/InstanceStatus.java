package org.opentrove.api.core;

import java.time.Duration;
import java.time.Instant;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.store.InstanceRow;
import org.opentrove.store.InstanceTask;

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
    InstanceTask task = row.taskStatus();
    String server = row.serverStatus();
    if (task.isError()) {
      return "ERROR";
    }
    if (task == InstanceTask.BUILDING) {
      return "ERROR".equals(server) ? "ERROR" : "BUILD";
    }
    if (task == InstanceTask.BACKING_UP) {
      return "ERROR".equals(server) ? "ERROR" : "BACKUP";
    }
    if (task == InstanceTask.DELETING) {
      return "ERROR".equals(server) ? "ERROR" : "SHUTDOWN";
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

  /** Trove's {@code operating_status}: empty while a task runs or the server is not active. */
  public String operatingStatus(InstanceRow row, Instant now) {
    if (row.taskStatus() != InstanceTask.NONE || !"ACTIVE".equals(row.serverStatus())) {
      return "";
    }
    return serviceStatus(row, now).apiStatus();
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
