package org.opentrove.dist.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.opentrove.objects.ObjectStoreConfig;

/** A real Swift with Keystone on loopback, started and stopped by the project's own script. */
final class SwiftAio implements AutoCloseable {
  private final Path workdir;
  private final Map<String, String> env;

  private SwiftAio(Path workdir, Map<String, String> env) {
    this.workdir = workdir;
    this.env = env;
  }

  static SwiftAio up() throws Exception {
    Path workdir = Files.createTempDirectory("trove-swift-");
    String output = run("up", workdir);
    Map<String, String> env = AioScripts.readEnv(workdir.resolve("swift.env"));
    System.out.println("swift-aio up: " + output.strip());
    return new SwiftAio(workdir, env);
  }

  /** Backups into this Swift through Keystone v3, as the demo project's user. */
  ObjectStoreConfig keystoneStore(String container) {
    return keystoneStore(env, container);
  }

  /** The same from the KEY=value lines swift-aio wrote (openstack-aio runs swift-aio). */
  static ObjectStoreConfig keystoneStore(Map<String, String> env, String container) {
    ObjectStoreConfig config = new ObjectStoreConfig();
    config.type = "swift";
    config.authVersion = 3;
    config.authUrl = env.get("SWIFT_KEYSTONE_URL");
    config.user = env.get("SWIFT_KEYSTONE_USER");
    config.key = env.get("SWIFT_KEYSTONE_PASSWORD");
    config.project = env.get("SWIFT_KEYSTONE_PROJECT");
    config.domain = env.get("SWIFT_KEYSTONE_DOMAIN");
    config.region = env.get("SWIFT_KEYSTONE_REGION");
    config.container = container;
    return config;
  }

  @Override
  public void close() throws Exception {
    AioScripts.down("swift-aio", workdir);
  }

  private static String run(String command, Path workdir) throws Exception {
    return AioScripts.run("swift-aio", command, workdir);
  }
}
