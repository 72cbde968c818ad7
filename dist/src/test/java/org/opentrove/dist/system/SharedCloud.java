package org.opentrove.dist.system;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store.CloseableResource;

/**
 * One loopback OpenStack for every class of a test run that extends with this: the cloud takes
 * 100-220 s to come up, so it comes up for the first such class and goes down when the run ends
 * (JUnit closes the root store's resources then), or earlier, when the last class using it ends
 * ({@link SharedCloudUsers}). Each class's control plane marks what it makes with an owner of its
 * own ({@link OpenStackAio#novaConfig()}), so none reaps another's leftovers.
 */
final class SharedCloud implements BeforeAllCallback {
  private static volatile OpenStackAio cloud;
  private static final java.util.concurrent.atomic.AtomicInteger USERS_LEFT =
      new java.util.concurrent.atomic.AtomicInteger(-1);

  /** How many classes of this run use the cloud ({@link SharedCloudUsers}). */
  static void expectUsers(int count) {
    USERS_LEFT.set(count);
  }

  /** A class that used the cloud ended: the last one takes it down. */
  static void userFinished() {
    if (USERS_LEFT.decrementAndGet() == 0) {
      down();
    }
  }

  private static synchronized void down() {
    OpenStackAio running = cloud;
    cloud = null;
    if (running != null) {
      try {
        running.close();
      } catch (Exception e) {
        throw new IllegalStateException("the loopback OpenStack did not go down", e);
      }
    }
  }

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
    public void close() {
      down();
    }
  }
}
