package org.opentrove.dist;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoAuthBindingTest {
  @Test
  void noauthListensOnLoopbackOnly() {
    assertThatCode(() -> NoAuthBinding.check(config("noauth", "127.0.0.1")))
        .doesNotThrowAnyException();
    assertThatCode(() -> NoAuthBinding.check(config("noauth", "localhost")))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> NoAuthBinding.check(config("noauth", "0.0.0.0")))
        .hasMessageContaining("[0.0.0.0]")
        .hasMessageContaining("authMode keystone");
    assertThatThrownBy(() -> NoAuthBinding.check(config("noauth", null)))
        .hasMessageContaining("every interface");
  }

  @Test
  void keystoneListensAnywhere() {
    assertThatCode(() -> NoAuthBinding.check(config("keystone", null))).doesNotThrowAnyException();
  }

  private static TroveConfiguration config(String authMode, String bindHost) {
    TroveConfiguration config = new TroveConfiguration();
    config.api.authMode = authMode;
    HttpConnectorFactory connector = new HttpConnectorFactory();
    connector.setBindHost(bindHost);
    DefaultServerFactory server = new DefaultServerFactory();
    server.setApplicationConnectors(List.of(connector));
    config.setServerFactory(server);
    return config;
  }
}
