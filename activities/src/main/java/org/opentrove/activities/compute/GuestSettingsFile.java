package org.opentrove.activities.compute;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.opentrove.contract.AmqpSettings;
import org.opentrove.contract.GuestSettings;
import org.opentrove.contract.bus.GuestCredentials;
import org.opentrove.objects.ObjectStoreConfig;

/**
 * The guest agent's settings every compute driver gives it: its instance, its own broker identity,
 * the conductor's queue and where backups go. Each driver adds where the data lives and how the
 * datastore runs, and delivers the whole as a 0600 file (local) or as user data (Nova).
 */
public final class GuestSettingsFile {
  private final AmqpSettings amqp;
  private final GuestCredentials credentials;
  private final ObjectStoreConfig backups;
  private final double heartbeatIntervalSeconds;

  public GuestSettingsFile(
      AmqpSettings amqp,
      GuestCredentials credentials,
      ObjectStoreConfig backups,
      double heartbeatIntervalSeconds) {
    this.amqp = amqp;
    this.credentials = credentials;
    this.backups = backups;
    this.heartbeatIntervalSeconds = heartbeatIntervalSeconds;
  }

  public Properties forInstance(String instanceId, String datastore) {
    Properties props = new Properties();
    props.setProperty(GuestSettings.INSTANCE_ID, instanceId);
    props.setProperty(GuestSettings.AMQP_URI, credentials.uriFor(amqp.uri, instanceId));
    props.setProperty(GuestSettings.EXCHANGE, amqp.exchange);
    props.setProperty(GuestSettings.CONDUCTOR_QUEUE, amqp.conductorQueue);
    props.setProperty(
        GuestSettings.HEARTBEAT_INTERVAL_SECONDS, Double.toString(heartbeatIntervalSeconds));
    props.setProperty(GuestSettings.DATASTORE, datastore);
    setIfPresent(props, GuestSettings.OBJECT_STORE_TYPE, backups.type);
    setIfPresent(props, GuestSettings.OBJECT_STORE_PATH, backups.path);
    setIfPresent(props, GuestSettings.OBJECT_STORE_AUTH_URL, backups.authUrl);
    setIfPresent(
        props, GuestSettings.OBJECT_STORE_AUTH_VERSION, Integer.toString(backups.authVersion));
    setIfPresent(props, GuestSettings.OBJECT_STORE_USER, backups.user);
    setIfPresent(props, GuestSettings.OBJECT_STORE_KEY, backups.key);
    setIfPresent(props, GuestSettings.OBJECT_STORE_PROJECT, backups.project);
    setIfPresent(props, GuestSettings.OBJECT_STORE_DOMAIN, backups.domain);
    setIfPresent(props, GuestSettings.OBJECT_STORE_REGION, backups.region);
    setIfPresent(props, GuestSettings.OBJECT_STORE_CONTAINER, backups.container);
    setIfPresent(
        props,
        GuestSettings.OBJECT_STORE_WRITE_LIMIT_MIB_PER_SECOND,
        Double.toString(backups.writeLimitMibPerSecond));
    return props;
  }

  /** The settings as the text of a properties file. */
  public static String text(Properties props, String comment) {
    StringWriter out = new StringWriter();
    try {
      props.store(out, comment);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A setting left empty in config.yml arrives as null: the guest then uses its default. */
  private static void setIfPresent(Properties props, String key, String value) {
    if (value != null && !value.isEmpty()) {
      props.setProperty(key, value);
    }
  }
}
