package org.opentrove.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Trove's management of datastores and their versions, inactive ones included. */
@RegisterConstructorMapper(ManagedVersionRow.class)
public interface DatastoreAdminDao {
  String MANAGED =
      "select v.id, v.datastore_id, d.name as datastore_name, v.name, v.version, v.manager,"
          + " v.image_id, v.image_tags, v.packages, v.active,"
          + " coalesce(d.default_version_id = v.id, false) as is_default"
          + " from datastore_versions v join datastores d on d.id = v.datastore_id"
          + " where not v.deleted";

  @SqlQuery(MANAGED + " order by d.name, v.name")
  List<ManagedVersionRow> listVersions();

  @SqlQuery(MANAGED + " and v.id = :id")
  Optional<ManagedVersionRow> findVersion(UUID id);

  /** Holds the version against concurrent changes until the caller's transaction ends. */
  @SqlQuery("select id from datastore_versions where id = :id and not deleted for update")
  Optional<UUID> lockVersion(UUID id);

  @SqlQuery(MANAGED + " and d.id = :datastoreId and v.name = :name")
  Optional<ManagedVersionRow> findVersionByName(UUID datastoreId, String name);

  @SqlUpdate("insert into datastores (id, name) values (:id, :name)")
  void insertDatastore(UUID id, String name);

  @SqlUpdate(
      "insert into datastore_versions (id, datastore_id, name, version, manager, image_id,"
          + " image_tags, packages, active) values (:id, :datastoreId, :name, :version, :manager,"
          + " :imageId, :imageTags, :packages, :active)")
  void insertVersion(
      UUID id,
      UUID datastoreId,
      String name,
      String version,
      String manager,
      String imageId,
      String imageTags,
      String packages,
      boolean active);

  @SqlUpdate(
      "update datastore_versions set name = :name, manager = :manager, image_id = :imageId,"
          + " image_tags = :imageTags, packages = :packages, active = :active where id = :id")
  void updateVersion(
      UUID id,
      String name,
      String manager,
      String imageId,
      String imageTags,
      String packages,
      boolean active);

  @SqlUpdate("update datastores set default_version_id = :versionId where id = :datastoreId")
  void setDefault(UUID datastoreId, UUID versionId);

  @SqlQuery(
      "select case"
          + " when exists (select 1 from instances where datastore_version_id = :id"
          + "   and not deleted) then 'instance'"
          + " when exists (select 1 from backups where datastore_version_id = :id"
          + "   and not deleted) then 'backup'"
          + " when exists (select 1 from clusters where datastore_version_id = :id"
          + "   and not deleted) then 'cluster' end")
  Optional<String> versionUsedBy(UUID id);

  /** Hides a version (rows that name it keep it) and takes it off its datastore's default. */
  @SqlUpdate(
      "with gone as (update datastore_versions set deleted = true, active = false"
          + " where id = :id and not deleted returning id, datastore_id)"
          + " update datastores d set default_version_id = null from gone"
          + " where d.id = gone.datastore_id and d.default_version_id = gone.id")
  void deleteVersion(UUID id);

  @SqlQuery(
      "select count(*) from datastore_versions where datastore_id = :datastoreId and not deleted")
  int countVersions(UUID datastoreId);

  @SqlUpdate("update datastores set deleted = true where id = :id")
  void deleteDatastore(UUID id);

  /** The image an instance's server boots: its version's image id, or else the image tags. */
  @SqlQuery(
      "select v.image_id, v.image_tags from instances i"
          + " join datastore_versions v on v.id = i.datastore_version_id where i.id = :instanceId")
  @RegisterConstructorMapper(VersionImage.class)
  Optional<VersionImage> imageOf(UUID instanceId);

  record VersionImage(String imageId, String imageTags) {}
}
