package org.opentrove.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Backups. State changes are compare-and-set: a report for a backup that already ended, or a step
 * backwards, changes nothing.
 */
public interface BackupDao {
  String SELECT =
      "select b.id, b.project_id, b.instance_id, b.name, b.description, b.parent_id,"
          + " b.datastore_version_id, d.name as datastore_name, v.name as datastore_version_name,"
          + " b.state, b.location, b.size_bytes, b.checksum, b.metadata::text as metadata,"
          + " b.fail_reason, b.created, b.updated"
          + " from backups b"
          + " join datastore_versions v on v.id = b.datastore_version_id"
          + " join datastores d on d.id = v.datastore_id";

  @SqlUpdate(
      "insert into backups (id, project_id, instance_id, name, description, parent_id,"
          + " datastore_version_id, state, location, created, updated) values (:id, :projectId,"
          + " :instanceId, :name, :description, :parentId, :datastoreVersionId, 'NEW', :location,"
          + " :now, :now)")
  void insertNew(
      UUID id,
      String projectId,
      UUID instanceId,
      String name,
      String description,
      UUID parentId,
      UUID datastoreVersionId,
      String location,
      Instant now);

  @SqlQuery(SELECT + " where b.project_id = :projectId and b.id = :id and not b.deleted")
  Optional<BackupRow> find(String projectId, UUID id);

  @SqlQuery(SELECT + " where b.id = :id and not b.deleted")
  Optional<BackupRow> find(UUID id);

  @SqlQuery(SELECT + " where b.project_id = :projectId and not b.deleted order by b.created, b.id")
  List<BackupRow> list(String projectId);

  @SqlQuery(
      SELECT
          + " where b.project_id = :projectId and b.instance_id = :instanceId and not b.deleted"
          + " order by b.created, b.id")
  List<BackupRow> listOfInstance(String projectId, UUID instanceId);

  @SqlQuery(
      SELECT
          + " where b.instance_id = :instanceId and not b.deleted"
          + " and b.state in ('NEW', 'BUILDING', 'SAVING')")
  List<BackupRow> listRunning(UUID instanceId);

  @SqlQuery(SELECT + " where b.parent_id = :id and not b.deleted order by b.created, b.id")
  List<BackupRow> children(UUID id);

  /** Moves a backup forward to {@code next} unless it already ended. */
  @SqlUpdate(
      "update backups set state = :next, updated = :now where id = :id and not deleted"
          + " and state in ('NEW', 'BUILDING', 'SAVING')")
  boolean advance(UUID id, BackupState next, Instant now);

  /** The guest's report while it streams: bytes so far. Only the backup's own instance reports. */
  @SqlUpdate(
      "update backups set state = 'SAVING', size_bytes = :sizeBytes, updated = :now"
          + " where id = :id and instance_id = :instanceId and not deleted"
          + " and state in ('NEW', 'BUILDING', 'SAVING')")
  boolean saving(UUID id, UUID instanceId, long sizeBytes, Instant now);

  @SqlUpdate(
      "update backups set state = 'COMPLETED', size_bytes = :sizeBytes, checksum = :checksum,"
          + " metadata = cast(:metadata as jsonb), fail_reason = null, updated = :now"
          + " where id = :id and instance_id = :instanceId and not deleted"
          + " and state in ('NEW', 'BUILDING', 'SAVING')")
  boolean complete(
      UUID id, UUID instanceId, long sizeBytes, String checksum, String metadata, Instant now);

  @SqlUpdate(
      "update backups set state = 'FAILED', fail_reason = :reason, updated = :now"
          + " where id = :id and instance_id = :instanceId and not deleted"
          + " and state in ('NEW', 'BUILDING', 'SAVING')")
  boolean fail(UUID id, UUID instanceId, String reason, Instant now);

  /** The control plane's own verdict (a workflow, an administrator's reset). */
  @SqlUpdate(
      "update backups set state = 'FAILED', fail_reason = :reason, updated = :now"
          + " where id = :id and not deleted and state in ('NEW', 'BUILDING', 'SAVING')")
  boolean fail(UUID id, String reason, Instant now);

  @SqlUpdate(
      "update backups set state = 'DELETE_FAILED', fail_reason = :reason, updated = :now"
          + " where id = :id and not deleted")
  boolean deleteFailed(UUID id, String reason, Instant now);

  @SqlUpdate("update backups set deleted = true, updated = :now where id = :id and not deleted")
  boolean markDeleted(UUID id, Instant now);
}
