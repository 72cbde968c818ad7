package org.opentrove.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.opentrove.model.InstanceTask;

/** The guest's last reported health, guarded against out-of-order heartbeats. */
public interface ServiceStatusDao {
  @SqlUpdate(
      "insert into service_statuses (instance_id, status, updated_at) values (:instanceId, 'NEW',"
          + " :now)")
  void insertNew(UUID instanceId, Instant now);

  /** Forgets what the guest last said (a retried create starts over with a new guest). */
  @SqlUpdate(
      "update service_statuses set status = 'NEW', message = null, last_sent = null,"
          + " last_seq = null, updated_at = :now where instance_id = :instanceId")
  void reset(UUID instanceId, Instant now);

  /**
   * Applies heartbeats of distinct instances in one statement, each unless a newer one was already
   * applied for its instance (Trove's stale-message guard), and counts them: a sequence number more
   * than one past the last applied one means confirmed beats were lost on their way ({@code
   * missed_heartbeats}); a lower one is a restarted guest. A beat that measured the volume records
   * its use (null keeps the last known). The arrays are parallel.
   *
   * @return the instances whose heartbeat was applied, with their task, so the conductor learns in
   *     the same statement whether a create is waiting for the guest
   */
  @SqlQuery(
      "update service_statuses s set status = v.status, message = v.message, last_sent = v.sent,"
          + " updated_at = :now, heartbeats = s.heartbeats + 1,"
          + " missed_heartbeats = s.missed_heartbeats + case when v.seq > 0 and s.last_seq > 0"
          + " and v.seq > s.last_seq then v.seq - s.last_seq - 1 else 0 end,"
          + " last_seq = case when v.seq > 0 then v.seq else s.last_seq end,"
          + " volume_used_bytes = coalesce(v.used, s.volume_used_bytes)"
          + " from unnest(:ids, :statuses, :messages, :sents, :seqs, :usedBytes)"
          + " as v(instance_id, status, message, sent, seq, used), instances i"
          + " where s.instance_id = v.instance_id and i.id = s.instance_id"
          + " and (s.last_sent is null or s.last_sent < v.sent)"
          + " returning s.instance_id, i.task_status")
  List<AppliedHeartbeat> applyHeartbeats(
      UUID[] ids,
      String[] statuses,
      String[] messages,
      double[] sents,
      long[] seqs,
      Long[] usedBytes,
      Instant now);

  record AppliedHeartbeat(UUID instanceId, InstanceTask taskStatus) {}

  /** Shows the guest as failed until its next heartbeat says otherwise (Trove's reset_status). */
  @SqlUpdate(
      "update service_statuses set status = 'FAILED', message = :message, updated_at = :now"
          + " where instance_id = :instanceId")
  void markFailed(UUID instanceId, String message, Instant now);

  @SqlQuery("select * from service_statuses where instance_id = :instanceId")
  Optional<ServiceStatusRow> find(UUID instanceId);
}
