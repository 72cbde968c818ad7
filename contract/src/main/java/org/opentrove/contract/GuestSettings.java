package org.opentrove.contract;

/**
 * The keys of a guest agent's settings file: the compute driver writes them (local process: a 0600
 * file; Nova: user data), the agent reads them. One list for both ends.
 */
public final class GuestSettings {
  public static final String INSTANCE_ID = "instance_id";
  public static final String AMQP_URI = "amqp_uri";
  public static final String EXCHANGE = "exchange";
  public static final String CONDUCTOR_QUEUE = "conductor_queue";
  public static final String HEARTBEAT_INTERVAL_SECONDS = "heartbeat_interval_seconds";
  public static final String DATA_DIR = "data_dir";
  public static final String DATASTORE = "datastore";
  public static final String PG_BIN_DIR = "pg_bin_dir";
  public static final String RUN_AS_USER = "run_as_user";

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
