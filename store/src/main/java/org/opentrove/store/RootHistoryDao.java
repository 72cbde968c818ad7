package org.opentrove.store;

import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Whether root was ever enabled on an instance through the API (Trove's root history). */
public interface RootHistoryDao {
  @SqlUpdate(
      "insert into root_history (instance_id, enabled_at) values (:instanceId, :now)"
          + " on conflict (instance_id) do nothing")
  void recordEnabled(UUID instanceId, Instant now);

  @SqlQuery("select exists (select 1 from root_history where instance_id = :instanceId)")
  boolean everEnabled(UUID instanceId);
}
