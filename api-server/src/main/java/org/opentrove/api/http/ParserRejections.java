package org.opentrove.api.http;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.metrics.jetty11.InstrumentedConnectionFactory;
import java.util.List;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpChannelOverHttp;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Jetty's HTTP parser answers a request line it reads as HTTP/0.9 (one with a raw CR or LF in the
 * target) or with a version it does not speak with 505. For this API that is a malformed request,
 * as Trove's own server answers it: 400, in Trove's JSON (see {@code JsonErrorHandler}), never a
 * 5xx. Done by giving each connector an HTTP/1.1 connection factory whose channel turns the
 * parser's 505 into a 400; everything else is Jetty's own.
 */
public final class ParserRejections {
  private ParserRejections() {}

  /** Swaps the connectors' HTTP/1.1 factories as the server starts (Dropwizard builds it late). */
  public static LifeCycle.Listener installer(MetricRegistry metrics) {
    return new LifeCycle.Listener() {
      @Override
      public void lifeCycleStarting(LifeCycle event) {
        if (event instanceof Server server) {
          for (Connector connector : server.getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
              install(serverConnector, metrics);
            }
          }
        }
      }
    };
  }

  static void install(ServerConnector connector, MetricRegistry metrics) {
    for (ConnectionFactory factory : List.copyOf(connector.getConnectionFactories())) {
      HttpConnectionFactory http =
          factory instanceof HttpConnectionFactory direct
              ? direct
              : factory instanceof ContainerLifeCycle container
                  ? container.getBean(HttpConnectionFactory.class)
                  : null;
      if (http == null || http instanceof Factory) {
        continue;
      }
      Factory replacement = new Factory(http);
      connector.addConnectionFactory(
          factory == http
              ? replacement
              : new InstrumentedConnectionFactory(
                  replacement,
                  metrics.timer(
                      MetricRegistry.name(
                          HttpConnectionFactory.class,
                          connector.getHost(),
                          Integer.toString(connector.getPort()),
                          "connections"))));
    }
  }

  /** Jetty's HTTP/1.1 factory, same settings, with the channel below. */
  static final class Factory extends HttpConnectionFactory {
    Factory(HttpConnectionFactory original) {
      super(original.getHttpConfiguration());
      setRecordHttpComplianceViolations(original.isRecordHttpComplianceViolations());
      setUseInputDirectByteBuffers(original.isUseInputDirectByteBuffers());
      setUseOutputDirectByteBuffers(original.isUseOutputDirectByteBuffers());
      setInputBufferSize(original.getInputBufferSize());
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
      HttpConnection connection =
          new HttpConnection(
              getHttpConfiguration(), connector, endPoint, isRecordHttpComplianceViolations()) {
            @Override
            protected HttpChannelOverHttp newHttpChannel() {
              return new HttpChannelOverHttp(
                  this, connector, getHttpConfiguration(), getEndPoint(), this) {
                @Override
                public void badMessage(BadMessageException failure) {
                  super.badMessage(
                      failure.getCode() == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505
                          ? new BadMessageException(
                              HttpStatus.BAD_REQUEST_400, failure.getReason(), failure)
                          : failure);
                }
              };
            }
          };
      connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
      connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
      return configure(connection, connector, endPoint);
    }
  }
}
