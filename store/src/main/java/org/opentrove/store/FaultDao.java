package org.opentrove.store;

import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The last failure shown on an instance ({@code fault} in Trove's view). */
public interface FaultDao {
  @SqlUpdate(
      "insert into instance_faults (instance_id, message, details, created)"
          + " values (:instanceId, :message, :details, :now)"
          + " on conflict (instance_id) do update set message = excluded.message,"
          + " details = excluded.details, created = excluded.created")
  void record(UUID instanceId, String message, String details, Instant now);

  @SqlUpdate("delete from instance_faults where instance_id = :instanceId")
  void clear(UUID instanceId);

  /**
   * Shows each instance's volume as full (parallel arrays), keeping when it first was: a fault of
   * another kind (a failed operation's) is left as it is. Every message starts with {@code prefix}.
   */
  @SqlUpdate(
      "insert into instance_faults (instance_id, message, details, created)"
          + " select id, message, details, :now from unnest(:ids, :messages, :details)"
          + " as v(id, message, details)"
          + " on conflict (instance_id) do update set message = excluded.message,"
          + " details = excluded.details"
          + " where starts_with(instance_faults.message, :prefix)")
  void recordVolumeFull(
      UUID[] ids, String[] messages, String[] details, String prefix, Instant now);

  /** Clears the volume-full fault of instances whose volume has room again. */
  @SqlUpdate(
      "delete from instance_faults where instance_id = any(:ids)"
          + " and starts_with(message, :prefix)")
  void clearVolumeFull(UUID[] ids, String prefix);
}
