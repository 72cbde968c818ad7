package org.opentrove.dist.system;

import java.util.Arrays;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Counts the classes of a run that use the {@link SharedCloud} and takes the cloud down as soon as
 * the last of them ends, rather than when the whole run does: an idle cloud's services keep using
 * CPU that the other lane's tests need.
 */
public final class SharedCloudUsers implements TestExecutionListener {
  @Override
  public void testPlanExecutionStarted(TestPlan plan) {
    long users =
        plan.getRoots().stream()
            .flatMap(root -> plan.getDescendants(root).stream())
            .filter(SharedCloudUsers::usesTheCloud)
            .count();
    SharedCloud.expectUsers((int) users);
  }

  @Override
  public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
    if (usesTheCloud(identifier)) {
      SharedCloud.userFinished();
    }
  }

  private static boolean usesTheCloud(TestIdentifier identifier) {
    return identifier
        .getSource()
        .filter(ClassSource.class::isInstance)
        .map(source -> ((ClassSource) source).getJavaClass().getAnnotation(ExtendWith.class))
        .map(extend -> Arrays.asList(extend.value()).contains(SharedCloud.class))
        .orElse(false);
  }
}
