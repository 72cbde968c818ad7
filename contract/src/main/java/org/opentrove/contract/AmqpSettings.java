package org.opentrove.contract;

/**
 * Where the message bus is, as written in config.yml. {@code uri: embedded} means "start the
 * embedded broker" (development only). The URI carries credentials: never log it.
 */
public class AmqpSettings {
  public static final String EMBEDDED = "embedded";

  public String uri = EMBEDDED;
  public String exchange = Topology.DEFAULT.exchange();
  public String conductorQueue = Topology.DEFAULT.conductorQueue();

  /**
   * How workers give each guest its own broker user: {@code rabbitmq} (the management HTTP API at
   * {@link #managementUri}, as the user of {@link #uri}, which must be an administrator). The
   * embedded broker of dev mode uses its own model whatever this says.
   */
  public String identities = RABBITMQ;

  public String managementUri = "http://127.0.0.1:15672";

  public static final String RABBITMQ = "rabbitmq";

  public Topology topology() {
    return new Topology(exchange, conductorQueue);
  }

  public boolean isEmbedded() {
    return uri == null || uri.isBlank() || uri.equals(EMBEDDED);
  }
}
