package org.opentrove.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The guest's last reported health, guarded against out-of-order heartbeats. */
public interface ServiceStatusDao {
  @SqlUpdate(
      "insert into service_statuses (instance_id, status, updated_at) values (:instanceId, 'NEW',"
          + " :now)")
  void insertNew(UUID instanceId, Instant now);

  /** Forgets what the guest last said (a retried create starts over with a new guest). */
  @SqlUpdate(
      "update service_statuses set status = 'NEW', message = null, last_sent = null,"
          + " updated_at = :now where instance_id = :instanceId")
  void reset(UUID instanceId, Instant now);

  /**
   * Applies a heartbeat unless a newer one was already applied (Trove's stale-message guard).
   *
   * @return false when the heartbeat is older than the last one seen, or the instance is unknown
   */
  @SqlUpdate(
      "update service_statuses set status = :status, message = :message, last_sent = :sent,"
          + " updated_at = :now where instance_id = :instanceId"
          + " and (last_sent is null or last_sent < :sent)")
  boolean applyHeartbeat(UUID instanceId, String status, String message, double sent, Instant now);

  /**
   * {@link #applyHeartbeat} that also answers the instance's task, so the conductor learns in the
   * same statement whether a create is waiting for this guest.
   *
   * @return the instance's task, or empty when the heartbeat was stale or the instance unknown
   */
  @SqlQuery(
      "update service_statuses s set status = :status, message = :message, last_sent = :sent,"
          + " updated_at = :now from instances i where s.instance_id = :instanceId"
          + " and i.id = s.instance_id and (s.last_sent is null or s.last_sent < :sent)"
          + " returning i.task_status")
  Optional<InstanceTask> applyHeartbeatReturningTask(
      UUID instanceId, String status, String message, double sent, Instant now);

  @SqlQuery("select * from service_statuses where instance_id = :instanceId")
  Optional<ServiceStatusRow> find(UUID instanceId);
}
