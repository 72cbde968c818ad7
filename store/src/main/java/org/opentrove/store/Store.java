package org.opentrove.store;

import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** Builds the {@link Jdbi} every process uses, with one row mapper per row type. */
public final class Store {
  private Store() {}

  public static Jdbi jdbi(DataSource dataSource) {
    Jdbi jdbi = Jdbi.create(dataSource);
    jdbi.installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
    for (Class<?> row :
        new Class<?>[] {
          FlavorRow.class,
          DatastoreRow.class,
          DatastoreVersionRow.class,
          InstanceRow.class,
          ManagedInstanceRow.class,
          ServiceStatusRow.class,
          ServiceStatusDao.AppliedHeartbeat.class,
          OperationRow.class,
          OperationStepRow.class,
          BackupRow.class,
          ClusterRow.class,
          QuotaUsageRow.class
        }) {
      jdbi.registerRowMapper(ConstructorMapper.factory(row));
    }
    return jdbi;
  }
}
