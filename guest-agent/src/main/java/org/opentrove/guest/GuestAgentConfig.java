package org.opentrove.guest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.opentrove.contract.GuestSettings;
import org.opentrove.contract.Topology;
import org.opentrove.objects.ObjectStoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's configuration, read from the properties file the control plane writes for each
 * instance. The file holds the AMQP credentials, so neither it nor {@link #amqpUri()} is ever
 * logged; {@link #toString()} leaves the URI out.
 *
 * @param pgBinDir PostgreSQL's bin directory, or null to locate one
 * @param runAsUser the OS user that runs the datastore when the agent runs as root, or null for
 *     {@code postgres}
 * @param container the docker runtime's settings, or null for the {@code process} runtime
 * @param holdDatastore the agent starts without starting the datastore (a fenced former source)
 */
public record GuestAgentConfig(
    String instanceId,
    String amqpUri,
    String exchange,
    String conductorQueue,
    Duration heartbeatInterval,
    Path dataDir,
    String datastore,
    Path pgBinDir,
    String runAsUser,
    ObjectStoreConfig objectStore,
    ContainerSettings container,
    boolean holdDatastore,
    boolean ownServer) {

  public static final String INSTANCE_ID = GuestSettings.INSTANCE_ID;
  public static final String AMQP_URI = GuestSettings.AMQP_URI;
  public static final String EXCHANGE = GuestSettings.EXCHANGE;
  public static final String CONDUCTOR_QUEUE = GuestSettings.CONDUCTOR_QUEUE;
  public static final String HEARTBEAT_INTERVAL_SECONDS = GuestSettings.HEARTBEAT_INTERVAL_SECONDS;
  public static final String DATA_DIR = GuestSettings.DATA_DIR;
  public static final String DATASTORE = GuestSettings.DATASTORE;
  public static final String PG_BIN_DIR = GuestSettings.PG_BIN_DIR;
  public static final String RUN_AS_USER = GuestSettings.RUN_AS_USER;

  private static final Logger log = LoggerFactory.getLogger(GuestAgentConfig.class);
  private static final Pattern INSTANCE_ID_PATTERN =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern USER_PATTERN = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
  private static final double MAX_HEARTBEAT_SECONDS = 3600;

  public GuestAgentConfig {
    require(instanceId, INSTANCE_ID);
    if (!INSTANCE_ID_PATTERN.matcher(instanceId).matches()) {
      throw invalid(INSTANCE_ID, "must be letters, digits, '.', '_' or '-' (a UUID)");
    }
    require(amqpUri, AMQP_URI);
    if (!amqpUri.startsWith("amqp://") && !amqpUri.startsWith("amqps://")) {
      throw invalid(AMQP_URI, "must start with amqp:// or amqps:// (value not shown)");
    }
    require(exchange, EXCHANGE);
    require(conductorQueue, CONDUCTOR_QUEUE);
    if (heartbeatInterval == null
        || heartbeatInterval.isNegative()
        || heartbeatInterval.isZero()
        || heartbeatInterval.compareTo(Duration.ofSeconds((long) MAX_HEARTBEAT_SECONDS)) > 0) {
      throw invalid(HEARTBEAT_INTERVAL_SECONDS, "must be > 0 and <= " + MAX_HEARTBEAT_SECONDS);
    }
    if (dataDir == null) {
      throw missing(DATA_DIR);
    }
    if (!dataDir.isAbsolute()) {
      throw invalid(DATA_DIR, "must be an absolute path: " + dataDir);
    }
    require(datastore, DATASTORE);
    if (!DatastoreManagers.isSupported(datastore)) {
      throw invalid(
          DATASTORE, "'" + datastore + "' is not supported (supported: postgresql, mariadb)");
    }
    objectStore = objectStore == null ? new ObjectStoreConfig() : objectStore;
    if (runAsUser != null && !USER_PATTERN.matcher(runAsUser).matches()) {
      throw invalid(RUN_AS_USER, "'" + runAsUser + "' is not a valid user name");
    }
  }

  /** An agent that starts its datastore. */
  public GuestAgentConfig(
      String instanceId,
      String amqpUri,
      String exchange,
      String conductorQueue,
      Duration heartbeatInterval,
      Path dataDir,
      String datastore,
      Path pgBinDir,
      String runAsUser,
      ObjectStoreConfig objectStore,
      ContainerSettings container) {
    this(
        instanceId,
        amqpUri,
        exchange,
        conductorQueue,
        heartbeatInterval,
        dataDir,
        datastore,
        pgBinDir,
        runAsUser,
        objectStore,
        container,
        false,
        false);
  }

  /** The {@code process} runtime. */
  public GuestAgentConfig(
      String instanceId,
      String amqpUri,
      String exchange,
      String conductorQueue,
      Duration heartbeatInterval,
      Path dataDir,
      String datastore,
      Path pgBinDir,
      String runAsUser,
      ObjectStoreConfig objectStore) {
    this(
        instanceId,
        amqpUri,
        exchange,
        conductorQueue,
        heartbeatInterval,
        dataDir,
        datastore,
        pgBinDir,
        runAsUser,
        objectStore,
        null);
  }

  /** Without an object store setting: backups go to the default directory store. */
  public GuestAgentConfig(
      String instanceId,
      String amqpUri,
      String exchange,
      String conductorQueue,
      Duration heartbeatInterval,
      Path dataDir,
      String datastore,
      Path pgBinDir,
      String runAsUser) {
    this(
        instanceId,
        amqpUri,
        exchange,
        conductorQueue,
        heartbeatInterval,
        dataDir,
        datastore,
        pgBinDir,
        runAsUser,
        null);
  }

  public Topology topology() {
    return new Topology(exchange, conductorQueue);
  }

  /** Reads and validates the file; a missing {@code data_dir} directory is an error too. */
  public static GuestAgentConfig load(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new GuestConfigException("cannot read config file " + file + ": " + e, e);
    }
    warnIfReadableByOthers(file);
    GuestAgentConfig config;
    try {
      config = fromProperties(properties);
    } catch (GuestConfigException e) {
      throw new GuestConfigException("config file " + file + ": " + e.getMessage(), e);
    }
    if (!Files.isDirectory(config.dataDir())) {
      throw new GuestConfigException(
          "config file " + file + ": " + DATA_DIR + " " + config.dataDir() + " is not a directory");
    }
    return config;
  }

  /** Builds the configuration from properties, applying the documented defaults. */
  public static GuestAgentConfig fromProperties(Properties p) {
    return new GuestAgentConfig(
        trimmed(p, INSTANCE_ID),
        trimmed(p, AMQP_URI),
        orDefault(trimmed(p, EXCHANGE), "trove"),
        orDefault(trimmed(p, CONDUCTOR_QUEUE), "trove-conductor"),
        heartbeatInterval(trimmed(p, HEARTBEAT_INTERVAL_SECONDS)),
        path(trimmed(p, DATA_DIR), DATA_DIR),
        orDefault(trimmed(p, DATASTORE), DatastoreManagers.POSTGRESQL),
        path(trimmed(p, PG_BIN_DIR), PG_BIN_DIR),
        trimmed(p, RUN_AS_USER),
        objectStore(p),
        ContainerSettings.fromProperties(p),
        "true".equals(trimmed(p, GuestSettings.HOLD_DATASTORE)),
        "true".equals(trimmed(p, GuestSettings.OWN_SERVER)));
  }

  private static ObjectStoreConfig objectStore(Properties p) {
    ObjectStoreConfig config = new ObjectStoreConfig();
    config.type = orDefault(trimmed(p, GuestSettings.OBJECT_STORE_TYPE), config.type);
    config.path = orDefault(trimmed(p, GuestSettings.OBJECT_STORE_PATH), config.path);
    config.authUrl = orDefault(trimmed(p, GuestSettings.OBJECT_STORE_AUTH_URL), config.authUrl);
    String version = trimmed(p, GuestSettings.OBJECT_STORE_AUTH_VERSION);
    config.authVersion = version == null ? config.authVersion : Integer.parseInt(version);
    config.user = orDefault(trimmed(p, GuestSettings.OBJECT_STORE_USER), config.user);
    config.key = orDefault(p.getProperty(GuestSettings.OBJECT_STORE_KEY), config.key);
    config.project = orDefault(trimmed(p, GuestSettings.OBJECT_STORE_PROJECT), config.project);
    config.domain = orDefault(trimmed(p, GuestSettings.OBJECT_STORE_DOMAIN), config.domain);
    config.region = orDefault(trimmed(p, GuestSettings.OBJECT_STORE_REGION), config.region);
    config.container =
        orDefault(trimmed(p, GuestSettings.OBJECT_STORE_CONTAINER), config.container);
    String limit = trimmed(p, GuestSettings.OBJECT_STORE_WRITE_LIMIT_MIB_PER_SECOND);
    config.writeLimitMibPerSecond = limit == null ? 0 : Double.parseDouble(limit);
    return config;
  }

  private static Duration heartbeatInterval(String value) {
    if (value == null) {
      return Duration.ofSeconds(10);
    }
    double seconds;
    try {
      seconds = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw invalid(HEARTBEAT_INTERVAL_SECONDS, "'" + value + "' is not a number");
    }
    if (!(seconds > 0) || seconds > MAX_HEARTBEAT_SECONDS) {
      throw invalid(HEARTBEAT_INTERVAL_SECONDS, "must be > 0 and <= " + MAX_HEARTBEAT_SECONDS);
    }
    return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
  }

  private static Path path(String value, String key) {
    if (value == null) {
      return null;
    }
    try {
      return Path.of(value);
    } catch (RuntimeException e) {
      throw invalid(key, "'" + value + "' is not a path");
    }
  }

  private static String trimmed(Properties p, String key) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      return null;
    }
    return value.trim();
  }

  private static String orDefault(String value, String defaultValue) {
    return value == null ? defaultValue : value;
  }

  private static void require(String value, String key) {
    if (value == null || value.isBlank()) {
      throw missing(key);
    }
  }

  private static GuestConfigException missing(String key) {
    return new GuestConfigException("property '" + key + "' is required");
  }

  private static GuestConfigException invalid(String key, String why) {
    return new GuestConfigException("property '" + key + "' " + why);
  }

  private static void warnIfReadableByOthers(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.contains(PosixFilePermission.GROUP_READ)
          || permissions.contains(PosixFilePermission.OTHERS_READ)) {
        log.warn("config file {} holds secrets but is readable by group or others", file);
      }
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("cannot check permissions of {}", file, e);
    }
  }

  @Override
  public String toString() {
    return "GuestAgentConfig[instanceId="
        + instanceId
        + ", amqpUri=(not shown), exchange="
        + exchange
        + ", conductorQueue="
        + conductorQueue
        + ", heartbeatInterval="
        + heartbeatInterval
        + ", dataDir="
        + dataDir
        + ", datastore="
        + datastore
        + ", pgBinDir="
        + pgBinDir
        + ", runAsUser="
        + runAsUser
        + ", runtime="
        + (container == null ? GuestSettings.RUNTIME_PROCESS : container)
        + "]";
  }
}
