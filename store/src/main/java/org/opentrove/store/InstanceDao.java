package org.opentrove.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.opentrove.model.InstanceTask;
import org.opentrove.model.OperationType;

/**
 * Instances. Each state transition is one named compare-and-set on {@code task_status}: a caller
 * that loses the race gets {@code false} and changes nothing.
 */
public interface InstanceDao {
  String COLUMNS =
      "select i.id, i.project_id, i.name, i.flavor_id, i.datastore_version_id,"
          + " d.name as datastore_name, v.name as datastore_version_name,"
          + " v.version as datastore_version_number, i.volume_size_gb, i.task_status,"
          + " i.server_status, i.server_id, i.host, i.port, i.created, i.updated,"
          + " s.status as service_status, s.updated_at as service_status_updated,"
          + " f.message as fault_message, f.details as fault_details, f.created as fault_created,"
          + " i.maintenance_window, i.replica_of, i.auto_failover, i.cluster_id, i.locality,"
          + " s.volume_used_bytes";

  String FROM =
      " from instances i"
          + " join datastore_versions v on v.id = i.datastore_version_id"
          + " join datastores d on d.id = v.datastore_id"
          + " left join service_statuses s on s.instance_id = i.id"
          + " left join instance_faults f on f.instance_id = i.id";

  String SELECT = COLUMNS + FROM;

  @SqlUpdate(
      "insert into instances (id, project_id, name, flavor_id, datastore_version_id,"
          + " volume_size_gb, task_status, server_status, created, updated)"
          + " values (:id, :projectId, :name, :flavorId, :datastoreVersionId, :volumeSizeGb,"
          + " 'BUILDING', 'BUILD', :now, :now)")
  void insertBuilding(
      UUID id,
      String projectId,
      String name,
      String flavorId,
      UUID datastoreVersionId,
      int volumeSizeGb,
      Instant now);

  /** A replica's row: as {@link #insertBuilding}, following {@code replicaOf}. */
  @SqlUpdate(
      "insert into instances (id, project_id, name, flavor_id, datastore_version_id,"
          + " volume_size_gb, task_status, server_status, created, updated, replica_of)"
          + " values (:id, :projectId, :name, :flavorId, :datastoreVersionId, :volumeSizeGb,"
          + " 'BUILDING', 'BUILD', :now, :now, :replicaOf)")
  void insertBuildingReplica(
      UUID id,
      String projectId,
      String name,
      String flavorId,
      UUID datastoreVersionId,
      int volumeSizeGb,
      UUID replicaOf,
      Instant now);

  /** The live replicas of {@code sourceId}, oldest first. */
  @SqlQuery(
      "select id from instances where replica_of = :sourceId and not deleted order by created, id")
  List<UUID> liveReplicasOf(UUID sourceId);

  /** The live replicas of each of {@code sourceIds}: pairs of source and replica. */
  @SqlQuery(
      "select replica_of as source, id as replica from instances"
          + " where replica_of in (<sourceIds>) and not deleted order by created, id")
  @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(ReplicaPair.class)
  List<ReplicaPair> liveReplicasOfAny(@BindList("sourceIds") Collection<UUID> sourceIds);

  /** A source and one of its replicas. */
  record ReplicaPair(UUID source, UUID replica) {}

  /** A member of a replica set follows {@code sourceId} from now on. */
  @SqlUpdate(
      "update instances set replica_of = :sourceId, updated = :now where id = :id and not deleted")
  boolean setReplicaOf(UUID id, UUID sourceId, Instant now);

  /** Automatic failover of the set {@code id} is the source of. */
  @SqlUpdate(
      "update instances set auto_failover = :enabled, updated = :now where id = :id and not deleted")
  boolean setAutoFailover(UUID id, boolean enabled, Instant now);

  /**
   * Sources that opted into automatic failover, have live replicas, hold no task, and whose last
   * heartbeat is older than {@code heardBefore}: the failover monitor's candidates.
   */
  @SqlQuery(
      SELECT
          + " where i.auto_failover and not i.deleted and i.task_status = 'NONE'"
          + " and i.server_status = 'ACTIVE' and (s.updated_at is null or s.updated_at < :heardBefore)"
          + " and exists (select 1 from instances r where r.replica_of = i.id and not r.deleted)")
  List<InstanceRow> silentFailoverSources(Instant heardBefore);

  /** A detached replica: it follows nothing any more. */
  @SqlUpdate(
      "update instances set replica_of = null, updated = :now where id = :id and not deleted")
  boolean clearReplicaOf(UUID id, Instant now);

  @SqlQuery(SELECT + " where i.project_id = :projectId and i.id = :id and not i.deleted")
  Optional<InstanceRow> findLive(String projectId, UUID id);

  @SqlQuery(SELECT + " where i.id = :id and not i.deleted")
  Optional<InstanceRow> findLive(UUID id);

  @SqlQuery(SELECT + " where i.project_id = :projectId and not i.deleted order by i.created, i.id")
  List<InstanceRow> listLive(String projectId);

  /**
   * Up to {@code limit} of the project's instances in list order, after the instance {@code
   * markerId} when one is given (a deleted one too, so that a page can follow one deleted since);
   * none after a marker that names no instance.
   */
  @SqlQuery(
      SELECT
          + " where i.project_id = :projectId and not i.deleted"
          + " and (:includeClustered or i.cluster_id is null)"
          + " and (cast(:markerId as uuid) is null or (i.created, i.id) >"
          + "   (select m.created, m.id from instances m where m.id = :markerId))"
          + " order by i.created, i.id limit :limit")
  List<InstanceRow> listLivePage(
      String projectId, boolean includeClustered, UUID markerId, int limit);

  /** Every project's instances, deleted ones too: the selection Trove's management list offers. */
  String MANAGED_SELECT = COLUMNS + ", i.deleted, i.deleted_at" + FROM;

  /**
   * Every project's instances for the management list: {@code deleted} null for all, {@code
   * projectId} null for every project, cluster members only when asked for.
   */
  @SqlQuery(
      MANAGED_SELECT
          + " where (cast(:deleted as boolean) is null or i.deleted = :deleted)"
          + " and (cast(:projectId as text) is null or i.project_id = :projectId)"
          + " and (:includeClustered or i.cluster_id is null)"
          + " order by i.created, i.id")
  List<ManagedInstanceRow> listManaged(Boolean deleted, String projectId, boolean includeClustered);

  @SqlQuery(MANAGED_SELECT + " where i.id = :id")
  Optional<ManagedInstanceRow> findManaged(UUID id);

  @SqlUpdate(
      "update instances set task_status = :next, updated = :now"
          + " where id = :id and not deleted and task_status = :expected")
  boolean transitionTask(UUID id, InstanceTask expected, InstanceTask next, Instant now);

  /**
   * Takes the instance for an operation: its task becomes the one the operation holds, if it is one
   * of those the operation may take it from. The API calls it in the transaction that records the
   * operation, so a busy instance is refused before anything is committed.
   */
  default boolean lockFor(OperationType operation, UUID id, Instant now) {
    OperationType.Lock lock =
        operation
            .lock()
            .orElseThrow(() -> new IllegalArgumentException(operation + " holds no task"));
    return takeTask(id, lock.takenFrom(), lock.holds(), now);
  }

  @SqlUpdate(
      "update instances set task_status = :next, updated = :now"
          + " where id = :id and not deleted and task_status in (<from>)")
  boolean takeTask(
      UUID id, @BindList("from") Collection<InstanceTask> from, InstanceTask next, Instant now);

  @SqlUpdate(
      "update instances set server_id = :serverId, host = :host, port = :port,"
          + " server_status = :serverStatus, updated = :now where id = :id and not deleted")
  boolean recordServer(
      UUID id, String serverId, String host, int port, String serverStatus, Instant now);

  @SqlUpdate(
      "update instances set server_status = :serverStatus, updated = :now"
          + " where id = :id and not deleted")
  boolean setServerStatus(UUID id, String serverStatus, Instant now);

  /** A resize's result: the flavor the instance now runs on. */
  @SqlUpdate(
      "update instances set flavor_id = :flavorId, updated = :now where id = :id and not deleted")
  boolean setFlavor(UUID id, String flavorId, Instant now);

  /** A resize's result: the size the volume grew to (never smaller than recorded). */
  @SqlUpdate(
      "update instances set volume_size_gb = greatest(volume_size_gb, :sizeGb), updated = :now"
          + " where id = :id and not deleted")
  boolean growVolumeSize(UUID id, int sizeGb, Instant now);

  /** The weekly maintenance window ("ddd:hh:mm-ddd:hh:mm", UTC), or null for none. */
  @SqlUpdate(
      "update instances set maintenance_window = :window, updated = :now"
          + " where id = :id and not deleted")
  boolean setMaintenanceWindow(UUID id, String window, Instant now);

  /** A rename (Trove's instance update). */
  @SqlUpdate("update instances set name = :name, updated = :now where id = :id and not deleted")
  boolean rename(UUID id, String name, Instant now);

  /**
   * An administrator's reset: no task any more, and a server that never became active is in error
   * (one that did stays active, so the guest's next heartbeat can show it healthy again).
   */
  @SqlUpdate(
      "update instances set task_status = 'NONE', server_status = case when server_status ="
          + " 'ACTIVE' then 'ACTIVE' else 'ERROR' end, updated = :now where id = :id and not"
          + " deleted")
  boolean resetTask(UUID id, Instant now);

  /** The volume service's type a new instance's volume is made of (null: the default). */
  @SqlUpdate("update instances set volume_type = :type where id = :id")
  void setVolumeType(UUID id, String type);

  /** The type the instance's volume was made of; null for the default. */
  @SqlQuery("select volume_type from instances where id = :id")
  String volumeTypeOf(UUID id);

  /** Trove's locality for a new instance (its server's group policy), in its create. */
  @SqlUpdate("update instances set locality = :locality where id = :id")
  void setLocality(UUID id, String locality);

  /** Whether the instance is deleted; empty if it never existed. */
  @SqlQuery("select deleted from instances where id = :id")
  Optional<Boolean> deletedFlag(UUID id);

  @SqlUpdate(
      "update instances set deleted = true, deleted_at = :now, task_status = 'NONE',"
          + " server_status = 'DELETED', updated = :now where id = :id and not deleted")
  boolean markDeleted(UUID id, Instant now);
}
