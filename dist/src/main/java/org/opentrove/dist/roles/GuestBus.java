package org.opentrove.dist.roles;

import java.util.Base64;
import org.opentrove.activities.bus.GuestBusAccess;
import org.opentrove.activities.bus.RabbitMqIdentities;
import org.opentrove.contract.AmqpSettings;
import org.opentrove.contract.bus.BrokerIdentities;
import org.opentrove.contract.bus.GuestCredentials;
import org.opentrove.dist.TroveConfiguration;

/** Chooses how guests get their own broker identity, from config. */
public final class GuestBus {
  private GuestBus() {}

  /**
   * Guest passwords are derived from {@code temporal.payloadKey}, the secret every worker already
   * shares (under a label of their own, so the payload key itself is never a broker password).
   */
  public static GuestCredentials credentials(TroveConfiguration config) {
    byte[] secret;
    try {
      secret = Base64.getDecoder().decode(config.temporal.payloadKey);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("temporal.payloadKey must be base64 (value not shown)");
    }
    return new GuestCredentials(secret);
  }

  public static GuestBusAccess access(TroveConfiguration config) {
    return new GuestBusAccess(identities(config), credentials(config), config.amqp.topology());
  }

  private static BrokerIdentities identities(TroveConfiguration config) {
    if (config.embeddedBrokerIdentities != null) {
      return config.embeddedBrokerIdentities;
    }
    if (AmqpSettings.RABBITMQ.equals(config.amqp.identities)) {
      return new RabbitMqIdentities(config.amqp.managementUri, config.amqp.uri);
    }
    throw new IllegalArgumentException(
        "amqp.identities must be " + AmqpSettings.RABBITMQ + ", not " + config.amqp.identities);
  }
}
