package org.opentrove.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Clusters and their members. The cluster's task is taken and handed back by compare-and-sets, as
 * an instance's is: a caller that loses the race changes nothing.
 */
public interface ClusterDao {
  String NONE = "NONE";

  String SELECT =
      "select c.id, c.project_id, c.name, c.datastore_version_id, d.name as datastore_name,"
          + " v.name as datastore_version_name, c.task, c.created, c.updated"
          + " from clusters c"
          + " join datastore_versions v on v.id = c.datastore_version_id"
          + " join datastores d on d.id = v.datastore_id";

  @SqlUpdate(
      "insert into clusters (id, project_id, name, datastore_version_id, task, created, updated)"
          + " values (:id, :projectId, :name, :datastoreVersionId, 'BUILDING_INITIAL', :now, :now)")
  void insertBuilding(UUID id, String projectId, String name, UUID datastoreVersionId, Instant now);

  @SqlQuery(SELECT + " where c.project_id = :projectId and c.id = :id and not c.deleted")
  Optional<ClusterRow> find(String projectId, UUID id);

  @SqlQuery(SELECT + " where c.id = :id and not c.deleted")
  Optional<ClusterRow> find(UUID id);

  @SqlQuery(SELECT + " where c.project_id = :projectId and not c.deleted order by c.created, c.id")
  List<ClusterRow> list(String projectId);

  /** The cluster's task from {@code from} to {@code next}; false if it was not {@code from}. */
  @SqlUpdate(
      "update clusters set task = :next, updated = :now"
          + " where id = :id and not deleted and task = :from")
  boolean takeTask(UUID id, String from, String next, Instant now);

  /** An administrator's reset: the task back to NONE whatever it was. */
  @SqlUpdate("update clusters set task = 'NONE', updated = :now where id = :id and not deleted")
  boolean resetTask(UUID id, Instant now);

  @SqlUpdate(
      "update clusters set deleted = true, deleted_at = :now, updated = :now, task = 'NONE'"
          + " where id = :id and not deleted")
  boolean markDeleted(UUID id, Instant now);

  @SqlUpdate("update instances set cluster_id = :clusterId where id = :instanceId")
  void addMember(UUID clusterId, UUID instanceId);

  /** The live members, in the order they were made. */
  @SqlQuery(
      "select id from instances where cluster_id = :clusterId and not deleted"
          + " order by created, id")
  List<UUID> members(UUID clusterId);

  @SqlQuery(
      InstanceDao.SELECT
          + " where i.cluster_id = :clusterId and not i.deleted"
          + " order by i.created, i.id")
  List<InstanceRow> memberRows(UUID clusterId);
}
