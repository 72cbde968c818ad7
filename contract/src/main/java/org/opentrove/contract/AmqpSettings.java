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

  public Topology topology() {
    return new Topology(exchange, conductorQueue);
  }

  public boolean isEmbedded() {
    return uri == null || uri.isBlank() || uri.equals(EMBEDDED);
  }
}
