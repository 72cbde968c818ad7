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
}
