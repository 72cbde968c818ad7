package org.opentrove.store;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * A project's quota limits, its usage (counted from the live rows that hold quota) and the
 * reservations of its unfinished operations. Resource names are Trove's: {@code instances}, {@code
 * ram} (MB), {@code volumes} (GB) and {@code backups}.
 */
public interface QuotaDao {
  /**
   * Serializes the project's quota checks until the caller's transaction ends, so that two creates
   * cannot both see the last free unit.
   */
  @SqlQuery(
      "select 1 from (select pg_advisory_xact_lock(hashtextextended('quota:' || :projectId, 0))) l")
  int lockProject(String projectId);

  @SqlQuery("select resource, hard_limit from quotas where project_id = :projectId")
  @KeyColumn("resource")
  @ValueColumn("hard_limit")
  Map<String, Integer> limits(String projectId);

  @SqlUpdate(
      "insert into quotas (project_id, resource, hard_limit) values (:projectId, :resource, :limit)"
          + " on conflict (project_id, resource) do update set hard_limit = excluded.hard_limit")
  void setLimit(String projectId, String resource, int limit);

  /** What live instances and backups that hold quota add up to; the filters follow each. */
  String HELD =
      "select count(i.id) as instances, coalesce(sum(f.ram_mb), 0) as ram,"
          + " coalesce(sum(i.volume_size_gb), 0) as volumes,"
          + " (select count(*) from backups b where not b.deleted and b.quota_held";

  String HELD_INSTANCES =
      " from instances i join flavors f on f.id = i.flavor_id where not i.deleted and i.quota_held";

  /** What the project's live instances and backups hold now. */
  @SqlQuery(
      HELD
          + " and b.project_id = :projectId) as backups"
          + HELD_INSTANCES
          + " and i.project_id = :projectId")
  QuotaUsageRow inUse(String projectId);

  /** What every project's live instances and backups hold now, summed. */
  @SqlQuery(HELD + ") as backups" + HELD_INSTANCES)
  QuotaUsageRow inUseByAll();

  /** Reserved by the project's operations that have not ended (a scheduled one included). */
  @SqlQuery(
      "select r.resource, sum(r.amount) as amount from quota_reservations r"
          + " join operations o on o.id = r.operation_id"
          + " where r.project_id = :projectId and o.state in ('SCHEDULED', 'PENDING', 'RUNNING')"
          + " group by r.resource")
  @KeyColumn("resource")
  @ValueColumn("amount")
  Map<String, Long> reserved(String projectId);

  @SqlUpdate(
      "insert into quota_reservations (operation_id, project_id, resource, amount)"
          + " values (:operationId, :projectId, :resource, :amount)")
  void reserve(String operationId, String projectId, String resource, int amount);

  /** An instance that gave its quota back (a compensated create), as a retry must take it again. */
  @SqlQuery(
      "select i.project_id, f.ram_mb, i.volume_size_gb from instances i"
          + " join flavors f on f.id = i.flavor_id"
          + " where i.id = :instanceId and not i.deleted and not i.quota_held")
  @RegisterConstructorMapper(ReleasedInstance.class)
  Optional<ReleasedInstance> released(UUID instanceId);

  record ReleasedInstance(String projectId, int ramMb, int volumeSizeGb) {}

  @SqlUpdate("update instances set quota_held = true where id = :instanceId")
  void holdInstance(UUID instanceId);

  /** A replica's starting backup, which Trove keeps outside the backups quota. */
  @SqlUpdate("update backups set quota_held = false where id = :backupId")
  void exemptBackup(UUID backupId);

  /** What a failed operation had reserved, for its retry to take again. */
  @SqlQuery("select resource, amount from quota_reservations where operation_id = :operationId")
  @KeyColumn("resource")
  @ValueColumn("amount")
  Map<String, Integer> reservationsOf(String operationId);

  /** A failed create that removed all it made gives its instance's quota back. */
  @SqlUpdate("update instances set quota_held = false where id = :instanceId")
  void releaseInstance(UUID instanceId);
}
