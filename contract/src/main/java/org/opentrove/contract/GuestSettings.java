package org.opentrove.contract;

/**
 * The keys of a guest agent's settings file: the compute driver writes them (local process: a 0600
 * file; Nova: user data), the agent reads them. One list for both ends.
 */
public final class GuestSettings {
  public static final String INSTANCE_ID = "instance_id";

  /**
   * "true" while a fenced former source rejoins its set: the agent starts without starting the
   * datastore, which must never take writes again as a source.
   */
  public static final String HOLD_DATASTORE = "hold_datastore";

  public static final String AMQP_URI = "amqp_uri";
  public static final String EXCHANGE = "exchange";
  public static final String CONDUCTOR_QUEUE = "conductor_queue";
  public static final String HEARTBEAT_INTERVAL_SECONDS = "heartbeat_interval_seconds";
  public static final String DATA_DIR = "data_dir";
  public static final String DATASTORE = "datastore";
  public static final String PG_BIN_DIR = "pg_bin_dir";
  public static final String RUN_AS_USER = "run_as_user";

  /** {@code process} (the datastore as a host process) or {@code docker} (in its container). */
  public static final String RUNTIME = "runtime";

  public static final String RUNTIME_PROCESS = "process";

  /**
   * "true" when the datastore has a server of its own (Nova): it listens on every address and lets
   * clients in from any, its server's security group deciding who gets there.
   */
  public static final String OWN_SERVER = "own_server";

  public static final String RUNTIME_DOCKER = "docker";

  /** The docker runtime's settings: the project's daemon, the image, the isolated network. */
  public static final String DOCKER_HOST = "docker.host";

  public static final String DOCKER_IMAGE = "docker.image";
  public static final String DOCKER_NETWORK = "docker.network";

  /** The instance's own uid inside its container. */
  public static final String DOCKER_UID = "docker.uid";

  /** The datastore's port, published on 127.0.0.1, and the flavor's limits for the container. */
  public static final String DATASTORE_PORT = "datastore_port";

  public static final String MEMORY_MB = "memory_mb";
  public static final String VCPUS = "vcpus";

  public static final String OBJECT_STORE_TYPE = "object_store.type";
  public static final String OBJECT_STORE_PATH = "object_store.path";
  public static final String OBJECT_STORE_AUTH_URL = "object_store.auth_url";
  public static final String OBJECT_STORE_AUTH_VERSION = "object_store.auth_version";
  public static final String OBJECT_STORE_USER = "object_store.user";
  public static final String OBJECT_STORE_KEY = "object_store.key";
  public static final String OBJECT_STORE_PROJECT = "object_store.project";
  public static final String OBJECT_STORE_DOMAIN = "object_store.domain";
  public static final String OBJECT_STORE_REGION = "object_store.region";
  public static final String OBJECT_STORE_CONTAINER = "object_store.container";
  public static final String OBJECT_STORE_WRITE_LIMIT_MIB_PER_SECOND =
      "object_store.write_limit_mib_per_second";

  private GuestSettings() {}
}
