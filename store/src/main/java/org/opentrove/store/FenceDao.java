package org.opentrove.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Fenced former sources and the set each left (see V10). */
public interface FenceDao {
  @SqlUpdate(
      "insert into fenced_instances (instance_id, set_source, operation_id, fenced_at)"
          + " values (:instanceId, :setSource, :operationId, :now)"
          + " on conflict (instance_id) do update set set_source = :setSource,"
          + " operation_id = :operationId, fenced_at = :now")
  void record(UUID instanceId, UUID setSource, String operationId, Instant now);

  /** The source of the set {@code instanceId} was ejected from, while it is fenced. */
  @SqlQuery("select set_source from fenced_instances where instance_id = :instanceId")
  Optional<UUID> setSourceOf(UUID instanceId);

  @SqlUpdate("delete from fenced_instances where instance_id = :instanceId")
  void clear(UUID instanceId);
}
