package org.opentrove.dist;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.EnvironmentCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import net.sourceforge.argparse4j.inf.Namespace;
import org.eclipse.jetty.util.component.LifeCycle;
import org.opentrove.dist.TroveConfiguration.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one background role (worker or conductor) without an HTTP server until SIGTERM. */
final class HeadlessCommand extends EnvironmentCommand<TroveConfiguration> {
  private static final Logger LOG = LoggerFactory.getLogger(HeadlessCommand.class);

  private final Role role;

  HeadlessCommand(
      Application<TroveConfiguration> application, String name, String description, Role role) {
    super(application, name, description);
    this.role = role;
  }

  @Override
  protected void run(
      Bootstrap<TroveConfiguration> bootstrap, Namespace namespace, TroveConfiguration config)
      throws Exception {
    config.roles = EnumSet.of(role);
    super.run(bootstrap, namespace, config);
  }

  @Override
  protected void run(Environment environment, Namespace namespace, TroveConfiguration config)
      throws Exception {
    List<LifeCycle> started = new ArrayList<>();
    for (LifeCycle managed : environment.lifecycle().getManagedObjects()) {
      managed.start();
      started.add(managed);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  Collections.reverse(started);
                  for (LifeCycle managed : started) {
                    try {
                      managed.stop();
                    } catch (Exception e) {
                      LOG.warn("stopping {}: {}", managed, e.toString());
                    }
                  }
                  stopped.countDown();
                },
                "trove-" + role.name().toLowerCase() + "-shutdown"));
    LOG.info("{} running", role.name().toLowerCase());
    stopped.await();
  }
}
