package org.opentrove.dist.system;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store.CloseableResource;

/**
 * One loopback OpenStack for every class of a test run that extends with this: the cloud takes
 * 100-220 s to come up, so it comes up for the first such class and goes down when the run ends
 * (JUnit closes the root store's resources then). Each class's control plane marks what it makes
 * with an owner of its own ({@link OpenStackAio#novaConfig()}), so none reaps another's leftovers.
 */
final class SharedCloud implements BeforeAllCallback {
  private static volatile OpenStackAio cloud;

  /**
   * The run's cloud; the calling class must be annotated {@code @ExtendWith(SharedCloud.class)}.
   */
  static OpenStackAio get() {
    OpenStackAio running = cloud;
    if (running == null) {
      throw new IllegalStateException("no shared cloud: extend the class with SharedCloud");
    }
    return running;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(Namespace.GLOBAL)
        .getOrComputeIfAbsent(SharedCloud.class, key -> Running.up(), Running.class);
  }

  private static final class Running implements CloseableResource {
    static Running up() {
      try {
        cloud = OpenStackAio.up();
      } catch (Exception e) {
        throw new IllegalStateException("the loopback OpenStack did not come up", e);
      }
      return new Running();
    }

    @Override
    public void close() throws Exception {
      OpenStackAio running = cloud;
      cloud = null;
      running.close();
    }
  }
}
