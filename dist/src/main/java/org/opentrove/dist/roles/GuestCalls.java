package org.opentrove.dist.roles;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Connection;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.opentrove.api.core.GuestCaller;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.Topology;
import org.opentrove.contract.rpc.GuestRpcClient;

/** The API's synchronous guest calls, over its own reply queue on the message bus. */
public final class GuestCalls implements GuestCaller, Managed {
  private final Connection connection;
  private final Topology topology;
  private GuestRpcClient rpc;

  public GuestCalls(Connection connection, Topology topology) {
    this.connection = connection;
    this.topology = topology;
  }

  @Override
  public void start() throws IOException {
    rpc = new GuestRpcClient(connection, topology, Clock.systemUTC());
  }

  @Override
  public JsonNode call(String instanceId, String method, Object args, Duration timeout)
      throws IOException {
    return rpc.call(instanceId, method, args, RequestContext.none(), timeout);
  }

  @Override
  public void stop() throws Exception {
    if (rpc != null) {
      rpc.close();
    }
  }
}
