package org.opentrove.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Datastores and their versions; lookups accept an id or a name, as Trove's do. */
public interface DatastoreDao {
  @SqlQuery("select * from datastores where not deleted order by name")
  List<DatastoreRow> list();

  @SqlQuery(
      "select * from datastores where not deleted and (id::text = :idOrName or name = :idOrName)")
  Optional<DatastoreRow> find(String idOrName);

  @SqlQuery(
      "select * from datastore_versions where active and not deleted order by datastore_id, name")
  List<DatastoreVersionRow> listActiveVersions();

  @SqlQuery(
      "select * from datastore_versions where active and not deleted and datastore_id = :datastoreId"
          + " order by name")
  List<DatastoreVersionRow> listVersions(UUID datastoreId);

  @SqlQuery(
      "select * from datastore_versions where datastore_id = :datastoreId and active and not deleted"
          + " and (id::text = :idOrName or name = :idOrName)")
  Optional<DatastoreVersionRow> findVersion(UUID datastoreId, String idOrName);

  /** As {@link #findVersion}, inactive versions included. */
  @SqlQuery(
      "select * from datastore_versions where datastore_id = :datastoreId and not deleted"
          + " and (id::text = :idOrName or name = :idOrName)")
  Optional<DatastoreVersionRow> findVersionInAnyState(UUID datastoreId, String idOrName);

  /** Deleted versions too: the rows that name one still need it. */
  @SqlQuery("select * from datastore_versions where id = :id")
  Optional<DatastoreVersionRow> findVersionById(UUID id);

  /** As Trove's tenant routes see it: not deleted (inactive ones included). */
  @SqlQuery("select * from datastore_versions where id = :id and not deleted")
  Optional<DatastoreVersionRow> findLiveVersionById(UUID id);
}
