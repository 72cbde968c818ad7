package org.opentrove.temporal.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.opentrove.temporal.EncryptingPayloadCodec;
import org.opentrove.temporal.TemporalClients;
import org.opentrove.temporal.TemporalConfig;

/** The embedded server runs timers and timeouts on the wall clock, like a real cluster. */
class EmbeddedTemporalServerTest {
  @WorkflowInterface
  public interface Sleeper {
    @WorkflowMethod
    void run();
  }

  @ActivityInterface
  public interface Slow {
    void work();
  }

  public static class SleeperImpl implements Sleeper {
    @Override
    public void run() {
      Workflow.sleep(Duration.ofSeconds(2));
      Workflow.newActivityStub(
              Slow.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(2))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build())
          .work();
    }
  }

  @Test
  void timersAndActivityTimeoutsFireInRealTime() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (EmbeddedTemporalServer server = EmbeddedTemporalServer.start(port)) {
      TemporalConfig config = new TemporalConfig();
      config.target = "127.0.0.1:" + port;
      config.payloadKey = EncryptingPayloadCodec.newBase64Key();
      WorkflowServiceStubs service = TemporalClients.service(config);
      WorkflowClient client = TemporalClients.client(service, config);
      WorkerFactory factory = WorkerFactory.newInstance(client);
      var worker = factory.newWorker("q");
      worker.registerWorkflowImplementationTypes(SleeperImpl.class);
      worker.registerActivitiesImplementations(
          (Slow)
              () -> {
                try {
                  Thread.sleep(10_000);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      factory.start();
      long start = System.nanoTime();
      Sleeper sleeper =
          client.newWorkflowStub(
              Sleeper.class, WorkflowOptions.newBuilder().setTaskQueue("q").build());
      assertThatThrownBy(sleeper::run).isInstanceOf(WorkflowFailedException.class);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isBetween(Duration.ofMillis(3900), Duration.ofSeconds(9));
      factory.shutdownNow();
      service.shutdownNow();
    }
  }
}
