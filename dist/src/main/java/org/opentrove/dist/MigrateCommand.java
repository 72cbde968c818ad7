package org.opentrove.dist;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import net.sourceforge.argparse4j.inf.Namespace;
import org.opentrove.store.Migrations;

/** {@code trove db migrate}: applies pending schema migrations to the control-plane database. */
final class MigrateCommand extends ConfiguredCommand<TroveConfiguration> {
  MigrateCommand() {
    super("db-migrate", "Applies pending migrations to the control-plane database");
  }

  @Override
  protected void run(
      Bootstrap<TroveConfiguration> bootstrap, Namespace namespace, TroveConfiguration config)
      throws Exception {
    ManagedDataSource dataSource = config.database.build(new MetricRegistry(), "migrate");
    try {
      int applied = Migrations.migrate(dataSource);
      System.out.println("applied " + applied + " migration(s); the schema is current");
    } finally {
      dataSource.stop();
    }
  }
}
