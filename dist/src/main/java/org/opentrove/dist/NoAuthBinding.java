package org.opentrove.dist;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.opentrove.api.auth.AuthFilters;

/**
 * {@code noauth} lets whoever reaches the API act as any project, so the API then refuses to start
 * unless every application connector listens on loopback only.
 */
final class NoAuthBinding {
  private NoAuthBinding() {}

  static void check(TroveConfiguration config) {
    if (!AuthFilters.NOAUTH.equals(config.api.authMode)) {
      return;
    }
    List<String> exposed = new ArrayList<>();
    for (ConnectorFactory connector : applicationConnectors(config.getServerFactory())) {
      String host = connector instanceof HttpConnectorFactory http ? http.getBindHost() : null;
      if (!isLoopback(host)) {
        exposed.add(host == null ? "every interface" : host);
      }
    }
    if (!exposed.isEmpty()) {
      throw new IllegalStateException(
          "api.authMode noauth trusts whoever reaches the API, so it listens on loopback only,"
              + " but server.applicationConnectors bind "
              + exposed
              + ": bind 127.0.0.1, or set api.authMode keystone");
    }
  }

  private static List<ConnectorFactory> applicationConnectors(ServerFactory server) {
    if (server instanceof DefaultServerFactory factory) {
      return factory.getApplicationConnectors();
    }
    if (server instanceof SimpleServerFactory factory) {
      return List.of(factory.getConnector());
    }
    return List.of();
  }

  private static boolean isLoopback(String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
