package org.opentrove.temporal.dev;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's Java test server serving real gRPC, without time skipping: the development stand-in
 * for a Temporal cluster. It is what {@code TestServer.createPortBoundServer} builds, except bound
 * to the loopback address only. Its history lives in memory.
 */
public final class EmbeddedTemporalServer implements AutoCloseable {
  private final TestServicesStarter services;
  private final Server server;

  private EmbeddedTemporalServer(TestServicesStarter services, Server server) {
    this.services = services;
    this.server = server;
  }

  public static EmbeddedTemporalServer start(int port) {
    // true locks time skipping: workflow timers run on the wall clock, as on a real cluster.
    TestServicesStarter services = new TestServicesStarter(true, 0);
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    try {
      return new EmbeddedTemporalServer(services, builder.build().start());
    } catch (IOException e) {
      services.close();
      throw new UncheckedIOException(
          "cannot start the embedded Temporal server on port " + port, e);
    }
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    services.close();
  }
}
