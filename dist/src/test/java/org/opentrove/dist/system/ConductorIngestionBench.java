package org.opentrove.dist.system;

import com.rabbitmq.client.Channel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opentrove.conductor.Conductor;
import org.opentrove.conductor.ConductorConfig;
import org.opentrove.contract.Amqp;
import org.opentrove.contract.Topology;
import org.opentrove.store.Store;
import org.opentrove.temporal.TemporalClients;
import org.opentrove.temporal.TemporalConfig;

/**
 * Conductor heartbeat ingestion (decode, ordering guard, sequence count, one transaction per batch,
 * ack after commit) against a raw publish+consume of the same messages on the same broker, same
 * prefetch, no database. Both sides publish the identical, pre-encoded messages with confirms while
 * the consumer runs; the figure is messages per second from first publish to last one consumed.
 */
@Tag("bench")
class ConductorIngestionBench {
  static final int INSTANCES = 1000;
  static final int ROUNDS = Integer.getInteger("bench.ingestRounds", 50);
  static final int REPEATS = 3;

  @Test
  void ingestionVersusRawPublishAndConsume() throws Exception {
    try (TestServices services = new TestServices()) {
      Jdbi jdbi = Store.jdbi(services.database.dataSource());
      List<UUID> ids = BenchSupport.insertFleet(jdbi, "bench", INSTANCES);
      Topology topology = new Topology(services.exchange, services.conductorQueue);
      TemporalConfig temporal = new TemporalConfig();
      temporal.target = "127.0.0.1:" + services.temporal.port();
      temporal.payloadKey = services.payloadKey;
      var stubs = TemporalClients.service(temporal);
      String rawQueue = "trove-raw-bench-" + UUID.randomUUID();
      List<Double> ours = new ArrayList<>();
      List<Double> raw = new ArrayList<>();
      try (Channel publisher = services.amqp.createChannel()) {
        topology.declareConductorQueue(publisher);
        publisher.queueDeclare(rawQueue, true, false, false, null);
        ConductorConfig config = new ConductorConfig();
        Conductor conductor =
            new Conductor(
                services.amqp,
                topology,
                config,
                jdbi,
                TemporalClients.client(stubs, temporal),
                Clock.systemUTC(),
                Amqp.userOf(services.amqpUri));
        conductor.start();
        RawConsumer consumer =
            new RawConsumer(services.amqp, rawQueue, config.prefetch, config.batchSize);
        try {
          for (int repeat = 0; repeat <= REPEATS; repeat++) {
            List<byte[]> messages =
                BenchSupport.heartbeats(
                    ids, ROUNDS, 1 + (long) repeat * ROUNDS, 1e9 + repeat * 1000.0);
            double rawRate =
                rate(messages, publisher, "", rawQueue, consumer::consumed, consumer.consumed());
            double ourRate =
                rate(
                    messages,
                    publisher,
                    topology.exchange(),
                    topology.conductorQueue(),
                    conductor::appliedCount,
                    conductor.appliedCount());
            if (repeat > 0) { // the first round warms up both sides
              raw.add(rawRate);
              ours.add(ourRate);
            }
          }
        } finally {
          consumer.close();
          conductor.close();
          publisher.queueDelete(rawQueue);
        }
      } finally {
        stubs.shutdown();
      }
      long missed =
          jdbi.withHandle(
              h ->
                  h.createQuery("select sum(missed_heartbeats) from service_statuses")
                      .mapTo(Long.class)
                      .one());
      double ourMedian = BenchSupport.median(ours);
      double rawMedian = BenchSupport.median(raw);
      int count = INSTANCES * ROUNDS;
      System.out.printf(
          "%nBENCH conductor ingestion (%d heartbeats of %d instances, median of %d): %.0f msg/s,"
              + " missed %d%n",
          count, INSTANCES, REPEATS, ourMedian, missed);
      System.out.printf("BENCH raw publish+consume, same messages: %.0f msg/s%n", rawMedian);
      System.out.printf(
          "BENCH ratio %.2fx of raw throughput (goal >= 0.5x)%n%n", ourMedian / rawMedian);
    }
  }

  private static double rate(
      List<byte[]> messages,
      Channel publisher,
      String exchange,
      String routingKey,
      LongSupplier consumed,
      long before)
      throws Exception {
    long start = System.nanoTime();
    BenchSupport.publish(publisher, exchange, routingKey, messages);
    long deadline = start + 300_000_000_000L;
    while (consumed.getAsLong() - before < messages.size()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("consumer stalled at " + (consumed.getAsLong() - before));
      }
      Thread.sleep(1);
    }
    return messages.size() / ((System.nanoTime() - start) / 1e9);
  }
}
