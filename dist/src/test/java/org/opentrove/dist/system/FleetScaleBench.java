package org.opentrove.dist.system;

import com.rabbitmq.client.Channel;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opentrove.contract.Topology;
import org.opentrove.store.Store;

/**
 * Fleet scale: 10,000 simulated instances (rows in the database) heartbeating every 10 s, that is
 * 1,000 persistent heartbeats a second from a load generator, into a conductor running as its own
 * process. Prints the conductor's CPU share of one core and the publish-to-commit lag, against a
 * raw consumer process (no decoding, no database) fed the same stream in the same run.
 */
@Tag("bench")
class FleetScaleBench {
  static final int INSTANCES = 10_000;
  static final int PERIOD_SECONDS = 10;
  static final int MEASURED_SECONDS = Integer.getInteger("bench.fleetSeconds", 40);

  @Test
  void conductorCpuAndLagAtTenThousandInstances() throws Exception {
    try (TestServices services = new TestServices()) {
      Jdbi jdbi = Store.jdbi(services.database.dataSource());
      List<UUID> ids = BenchSupport.insertFleet(jdbi, "fleet", INSTANCES);
      Topology topology = new Topology(services.exchange, services.conductorQueue);
      String rawQueue = "trove-raw-fleet-" + UUID.randomUUID();
      try (Channel publisher = services.amqp.createChannel()) {
        topology.declareConductorQueue(publisher);
        publisher.queueDeclare(rawQueue, true, false, false, null);
        Path config = TestConfig.write(services, "conductor", List.of("conductor"));
        RoleProcess conductor =
            RoleProcess.start("conductor", config, services.workDir.resolve("conductor.out"));
        double ourCpu;
        try {
          ourCpu = drive(publisher, topology.exchange(), topology.conductorQueue(), ids, conductor);
        } finally {
          conductor.close();
        }
        double lagP50 = lag(jdbi, 0.5);
        double lagP99 = lag(jdbi, 0.99);
        RoleProcess raw = RoleProcess.startMain(RawConsumer.class, services.amqpUri, rawQueue);
        double rawCpu;
        try {
          rawCpu = drive(publisher, "", rawQueue, ids, raw);
        } finally {
          raw.close();
          publisher.queueDelete(rawQueue);
        }
        long missed =
            jdbi.withHandle(
                h ->
                    h.createQuery("select sum(missed_heartbeats) from service_statuses")
                        .mapTo(Long.class)
                        .one());
        System.out.printf(
            "%nBENCH fleet %d instances, a beat each %d s (%d/s) for %d s: conductor CPU %.1f%%"
                + " of a core (goal < 25%%), lag publish->commit p50 %.0f ms, p99 %.0f ms,"
                + " missed %d%n",
            INSTANCES,
            PERIOD_SECONDS,
            INSTANCES / PERIOD_SECONDS,
            MEASURED_SECONDS,
            ourCpu * 100,
            lagP50,
            lagP99,
            missed);
        System.out.printf(
            "BENCH raw consumer process, same stream: CPU %.1f%% of a core%n", rawCpu * 100);
        System.out.printf("BENCH ratio %.2fx the raw consumer's CPU%n%n", ourCpu / rawCpu);
      }
    }
  }

  /**
   * Publishes one period's worth of beats (a tenth of the fleet) every second, warms up for one
   * period, and answers the consumer process's CPU share over the measured seconds after it.
   */
  private static double drive(
      Channel publisher, String exchange, String routingKey, List<UUID> ids, RoleProcess consumer)
      throws Exception {
    Thread.sleep(3000); // the consumer process starts
    int perSecond = INSTANCES / PERIOD_SECONDS;
    long seq = 1;
    double cpuAtStart = 0;
    long measuredFrom = 0;
    int total = PERIOD_SECONDS + MEASURED_SECONDS;
    long next = System.nanoTime();
    for (int second = 0; second < total; second++) {
      if (second == PERIOD_SECONDS) {
        cpuAtStart = BenchSupport.cpuSeconds(consumer.pid());
        measuredFrom = System.nanoTime();
      }
      int slice = second % PERIOD_SECONDS;
      List<UUID> senders = ids.subList(slice * perSecond, (slice + 1) * perSecond);
      if (slice == 0 && second > 0) {
        seq++;
      }
      BenchSupport.publish(
          publisher,
          exchange,
          routingKey,
          BenchSupport.heartbeats(senders, 1, seq, System.currentTimeMillis() / 1000.0));
      next += TimeUnit.SECONDS.toNanos(1);
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
    }
    double cpu = BenchSupport.cpuSeconds(consumer.pid()) - cpuAtStart;
    double wall = (System.nanoTime() - measuredFrom) / 1e9;
    Thread.sleep(2000); // let the last beats land before the lag is read
    return cpu / wall;
  }

  /** Publish-to-commit delay of each instance's last applied beat, in ms, at quantile {@code q}. */
  private static double lag(Jdbi jdbi, double q) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "select percentile_cont(:q) within group (order by"
                        + " extract(epoch from updated_at) - last_sent) * 1000"
                        + " from service_statuses where last_sent is not null")
                .bind("q", q)
                .mapTo(Double.class)
                .one());
  }
}
