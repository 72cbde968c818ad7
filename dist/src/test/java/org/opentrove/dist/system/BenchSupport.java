package org.opentrove.dist.system;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.contract.ConductorMethods;
import org.opentrove.contract.Envelope;
import org.opentrove.contract.Heartbeat;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.contract.Wire;
import org.opentrove.store.DatastoreDao;

/** What the benchmarks share: a fleet of instance rows, heartbeat messages, CPU readings. */
final class BenchSupport {
  /** As a guest publishes; the user-id is the test's broker user, which the conductor trusts. */
  static final AMQP.BasicProperties PERSISTENT =
      new AMQP.BasicProperties.Builder()
          .deliveryMode(2)
          .contentType("application/json")
          .userId(org.opentrove.contract.Amqp.userOf(TestServices.AMQP_URI))
          .build();

  private BenchSupport() {}

  /** Inserts {@code count} ACTIVE instances with healthy guests for {@code project}. */
  static List<UUID> insertFleet(Jdbi jdbi, String project, int count) {
    UUID version =
        jdbi.withExtension(DatastoreDao.class, dao -> dao.find("postgresql"))
            .orElseThrow()
            .defaultVersionId();
    return jdbi.inTransaction(
        h -> {
          List<UUID> ids =
              h.createQuery(
                      "insert into instances (id, project_id, name, flavor_id,"
                          + " datastore_version_id, volume_size_gb, task_status, server_status,"
                          + " server_id, host, port, created, updated) select gen_random_uuid(),"
                          + " :project, 'fleet-' || g, '1', :version, 1, 'NONE', 'ACTIVE',"
                          + " 'server-' || g, '127.0.0.1', 15432, now(), now()"
                          + " from generate_series(1, :count) g returning id")
                  .bind("project", project)
                  .bind("version", version)
                  .bind("count", count)
                  .mapTo(UUID.class)
                  .list();
          h.createUpdate(
                  "insert into service_statuses (instance_id, status, updated_at)"
                      + " select id, 'HEALTHY', now() from instances where project_id = :project")
              .bind("project", project)
              .execute();
          return ids;
        });
  }

  /**
   * {@code rounds} heartbeats of every instance, encoded, in sending order; each instance's beats
   * are numbered from {@code firstSeq} and sent one microsecond apart.
   */
  static List<byte[]> heartbeats(List<UUID> ids, int rounds, long firstSeq, double sentBase) {
    List<byte[]> messages = new ArrayList<>(ids.size() * rounds);
    long n = 0;
    for (int round = 0; round < rounds; round++) {
      for (UUID id : ids) {
        Heartbeat beat =
            new Heartbeat(id.toString(), ServiceStatus.HEALTHY, null, firstSeq + round);
        double sent = sentBase + (n++) / 1e6;
        messages.add(
            Wire.encode(
                new Envelope(
                    ConductorMethods.HEARTBEAT,
                    Wire.tree(beat),
                    RequestContext.none(),
                    Envelope.VERSION,
                    sent)));
      }
    }
    return messages;
  }

  /** Publishes persistent messages with confirms, as guests do, and waits for every confirm. */
  static void publish(Channel channel, String exchange, String routingKey, List<byte[]> messages)
      throws IOException, InterruptedException, TimeoutException {
    channel.confirmSelect();
    for (byte[] message : messages) {
      channel.basicPublish(exchange, routingKey, PERSISTENT, message);
    }
    channel.waitForConfirmsOrDie(120_000);
  }

  /** CPU seconds (user + system) a process has used, from /proc. */
  static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks / 100.0; // USER_HZ is 100 on Linux
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    return sorted.get(sorted.size() / 2);
  }
}
