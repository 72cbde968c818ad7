package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.compute.ServerGroup;
import org.openstack4j.model.network.SecurityGroup;
import org.openstack4j.model.storage.block.Volume;
import org.opentrove.activities.bus.GuestBusAccess;
import org.opentrove.activities.bus.RabbitMqIdentities;
import org.opentrove.activities.compute.GuestSettingsFile;
import org.opentrove.activities.compute.InstanceOwnership;
import org.opentrove.activities.compute.nova.Made;
import org.opentrove.activities.compute.nova.NovaComputeActivities;
import org.opentrove.activities.compute.nova.NovaComputeConfig;
import org.opentrove.activities.compute.nova.NovaNames;
import org.opentrove.activities.compute.nova.NovaOrphanReaper;
import org.opentrove.activities.openstack.OpenStackSession;
import org.opentrove.activities.volume.CinderVolumeActivities;
import org.opentrove.contract.Amqp;
import org.opentrove.contract.AmqpSettings;
import org.opentrove.contract.Topology;
import org.opentrove.contract.bus.GuestCredentials;
import org.opentrove.contract.rpc.GuestRpcClient;
import org.opentrove.objects.ObjectStoreConfig;
import org.opentrove.store.Store;
import org.opentrove.store.TestDatabase;
import org.opentrove.store.TestInstances;
import org.opentrove.temporal.NonRetryable;
import org.opentrove.temporal.activities.compute.CreateServerRequest;
import org.opentrove.temporal.activities.compute.ServerInfo;
import org.opentrove.temporal.activities.volume.VolumeInfo;

/**
 * The nova compute driver against real Nova, Cinder, Neutron and Glance on loopback: every step run
 * twice finds what the first made, Nova's refusals arrive as non-retryable faults with Nova's
 * reason, and a delete leaves no server, volume, port or security group of the instance.
 */
@ExtendWith(SharedCloud.class)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(TestLanes.SECOND)
class NovaDriverTest {
  private static OpenStackAio cloud;
  private static NovaComputeActivities compute;
  private static CinderVolumeActivities volumes;
  private static OSClientV3 admin;
  private static CinderVolumeActivities otherOwner;
  private static OpenStackSession session;
  private static final String AMQP_URI =
      System.getenv().getOrDefault("TROVE_TEST_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672");
  private static final String AMQP_MANAGEMENT_URI =
      System.getenv().getOrDefault("TROVE_TEST_AMQP_MANAGEMENT_URI", "http://127.0.0.1:15672");

  @BeforeAll
  static void cloud() throws Exception {
    cloud = SharedCloud.get();
    NovaComputeConfig config = cloud.novaConfig();
    session = new OpenStackSession(config.openstack);
    GuestSettingsFile settings =
        new GuestSettingsFile(
            new AmqpSettings(), new GuestCredentials(new byte[32]), new ObjectStoreConfig(), 10);
    compute = new NovaComputeActivities(config, session, settings);
    volumes = new CinderVolumeActivities(config, session);
    admin = cloud.admin();
    NovaComputeConfig other = cloud.novaConfig();
    other.owner = "another-control-plane";
    otherOwner = new CinderVolumeActivities(other, session);
  }

  @Test
  void everyStepFindsWhatItMadeAndDeleteLeavesNothing() throws Exception {
    String id = UUID.randomUUID().toString();
    VolumeInfo volume = volumes.createVolume(id, 2, null);
    assertThat(volumes.createVolume(id, 2, null).volumeId()).isEqualTo(volume.volumeId());

    CreateServerRequest placed =
        new CreateServerRequest(id, 512, 1, "postgresql", "/unused", "affinity");
    ServerInfo server = compute.createServer(placed);
    assertThat(compute.createServer(placed).serverId()).isEqualTo(server.serverId());
    assertThat(serverGroups(id))
        .as("Trove's locality: one group of the policy, holding the server")
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.getPolicies()).containsExactly("affinity");
              assertThat(g.getMembers()).containsExactly(server.serverId());
            });
    assertThat(server.host()).startsWith("198.51.100.");
    assertThat(server.port()).isEqualTo(5432);
    assertThat(compute.serverIsRunning(id)).isTrue();

    Server seen = admin.compute().servers().get(server.serverId());
    assertThat(seen.getStatus()).isEqualTo(Server.Status.ACTIVE);
    assertThat(seen.getMetadata()).containsEntry(NovaNames.INSTANCE_KEY, id);
    assertThat(seen.getOsExtendedVolumesAttached()).contains(volume.volumeId());
    Volume attached = admin.blockStorage().volumes().get(volume.volumeId());
    assertThat(attached.getStatus()).isEqualTo(Volume.Status.IN_USE);
    assertThat(attached.getMetaData()).containsEntry(NovaNames.INSTANCE_KEY, id);
    assertThat(attached.getSize()).isEqualTo(2);
    SecurityGroup group = group(id);
    assertThat(group.getRules())
        .anyMatch(
            r ->
                "ingress".equals(r.getDirection())
                    && "tcp".equals(r.getProtocol())
                    && r.getPortRangeMin() == 5432
                    && r.getPortRangeMax() == 5432);
    assertThat(group.getRules()).filteredOn(r -> "ingress".equals(r.getDirection())).hasSize(1);

    compute.resizeServer(id, 2048, 1);
    compute.resizeServer(id, 2048, 1);
    assertThat(admin.compute().servers().get(server.serverId()).getFlavorId()).isEqualTo("2");
    compute.rebootServer(id, "op-reboot");
    compute.rebootServer(id, "op-reboot");
    assertThat(compute.serverIsRunning(id)).isTrue();
    assertThat(admin.compute().servers().get(server.serverId()).getMetadata())
        .as("the reboot's mark is added beside the items that make the server the instance's")
        .containsKeys(NovaNames.INSTANCE_KEY, NovaNames.MANAGED_KEY, "opentrove_rebooted_for");

    deleteAll(id);
    deleteAll(id);
    assertNothingLeft(id, server.serverId());
    assertThat(serverGroups(id)).isEmpty();
  }

  /** The instance's locality groups, as the service user that owns them lists them. */
  private static List<? extends ServerGroup> serverGroups(String id) {
    return session.client().compute().serverGroups().list().stream()
        .filter(g -> ("locality_" + id).equals(g.getName()))
        .toList();
  }

  @Test
  void novaQuotaRefusalFailsForGoodAndTheRetryAfterTheFixBoots() throws Exception {
    String project = admin.identity().projects().getByName("service", "default").getId();
    String id = UUID.randomUUID().toString();
    admin.compute().quotaSets().updateForTenant(project, Builders.quotaSet().instances(0).build());
    try {
      volumes.createVolume(id, 1, null);
      assertThatThrownBy(() -> compute.createServer(request(id, 512, 1)))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.isNonRetryable()).isTrue();
                assertThat(f.getType()).isEqualTo(NonRetryable.NO_CAPACITY);
                assertThat(f.getOriginalMessage()).contains("Quota exceeded");
              });
      assertThat(admin.compute().servers().list(Map.of("name", NovaNames.of(id)))).isEmpty();
    } finally {
      admin
          .compute()
          .quotaSets()
          .updateForTenant(project, Builders.quotaSet().instances(100).build());
    }
    ServerInfo server = compute.createServer(request(id, 512, 1));
    assertThat(compute.serverIsRunning(id)).isTrue();
    deleteAll(id);
    assertNothingLeft(id, server.serverId());
  }

  @Test
  void noValidHostArrivesWithNovasReasonAndTheFailedServerDeletesCleanly() throws Exception {
    // More memory than the fake hypervisor reports (800,000 MB): the scheduler finds no host.
    admin
        .compute()
        .flavors()
        .create(
            Builders.flavor()
                .id("900")
                .name("huge")
                .ram(4_000_000)
                .vcpus(1)
                .disk(1)
                .isPublic(true)
                .build());
    String project = admin.identity().projects().getByName("service", "default").getId();
    admin
        .compute()
        .quotaSets()
        .updateForTenant(project, Builders.quotaSet().ram(-1).build()); // past the RAM quota
    String id = UUID.randomUUID().toString();
    try {
      volumes.createVolume(id, 1, null);
      assertThatThrownBy(() -> compute.createServer(request(id, 4_000_000, 1)))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.isNonRetryable()).isTrue();
                assertThat(f.getType()).isEqualTo(NonRetryable.NO_CAPACITY);
                assertThat(f.getOriginalMessage()).contains("No valid host");
              });
      assertThat(compute.serverIsRunning(id)).isFalse();
      List<? extends Server> failed =
          admin.compute().servers().list(Map.of("name", NovaNames.of(id)));
      assertThat(failed).hasSize(1);
      deleteAll(id);
      assertNothingLeft(id, failed.get(0).getId());
    } finally {
      admin.compute().flavors().delete("900");
      admin.compute().quotaSets().updateForTenant(project, Builders.quotaSet().ram(51200).build());
    }
  }

  @Test
  void theOrphanReaperRemovesOnlyItsOwnLeftoversThatNoLiveInstanceOwns() throws Exception {
    String deleted = UUID.randomUUID().toString();
    String unknown = UUID.randomUUID().toString();
    String live = UUID.randomUUID().toString();
    String othersUnknown = UUID.randomUUID().toString();
    try (TestDatabase db = TestDatabase.createMigrated();
        Connection connection = Amqp.connect(AMQP_URI, "nova-reaper-test")) {
      Jdbi jdbi = Store.jdbi(db.dataSource());
      Topology topology =
          new Topology("trove-test-" + UUID.randomUUID(), "trove-conductor-" + UUID.randomUUID());
      GuestRpcClient rpc = new GuestRpcClient(connection, topology, Clock.systemUTC());
      GuestBusAccess access =
          new GuestBusAccess(
              new RabbitMqIdentities(AMQP_MANAGEMENT_URI, AMQP_URI),
              new GuestCredentials(new byte[32]),
              topology);
      for (String id : List.of(deleted, unknown, live)) {
        volumes.createVolume(id, 1, null);
        compute.createServer(request(id, 512, 1));
        rpc.declareGuestQueue(id);
      }
      otherOwner.createVolume(othersUnknown, 1, null);
      TestInstances.insert(jdbi, deleted, true);
      TestInstances.insert(jdbi, live, false);
      Map<String, String> servers = new java.util.HashMap<>();
      for (String id : List.of(deleted, unknown)) {
        servers.put(
            id, admin.compute().servers().list(Map.of("name", NovaNames.of(id))).get(0).getId());
      }

      NovaOrphanReaper patient =
          new NovaOrphanReaper(
              compute,
              volumes,
              new InstanceOwnership(jdbi, Clock.systemUTC(), Duration.ofMinutes(10)),
              rpc,
              access);
      assertThat(reapUntilDone(patient, Set.of(deleted)))
          .as("an unknown instance's leftovers are young: a create may still be committing")
          .containsExactly(deleted);
      NovaOrphanReaper eager =
          new NovaOrphanReaper(
              compute,
              volumes,
              new InstanceOwnership(jdbi, Clock.systemUTC(), Duration.ZERO),
              rpc,
              access);
      assertThat(reapUntilDone(eager, Set.of(unknown))).containsExactly(unknown);

      for (String id : List.of(deleted, unknown)) {
        assertNothingLeft(id, servers.get(id));
        assertThat(queueExists(connection, topology.guestQueue(id))).isFalse();
      }
      assertThat(compute.serverIsRunning(live)).isTrue();
      assertThat(volumes.madeBy()).extracting(Made::instanceId).contains(live);
      assertThat(admin.blockStorage().volumes().list(Map.of("name", NovaNames.of(othersUnknown))))
          .as("another control plane's volume in the same project")
          .hasSize(1);
      rpc.deleteGuestQueue(live);
      rpc.close();
    } finally {
      deleteAll(live);
      otherOwner.deleteVolume(othersUnknown);
    }
  }

  /** Passes until {@code expected} are reaped: a volume Nova still detaches waits for a pass. */
  private static Set<String> reapUntilDone(NovaOrphanReaper reaper, Set<String> expected)
      throws Exception {
    Set<String> reaped = new java.util.HashSet<>();
    for (int pass = 0; pass < 20 && !reaped.containsAll(expected); pass++) {
      reaped.addAll(reaper.reap());
      if (!reaped.containsAll(expected)) {
        Thread.sleep(1000);
      }
    }
    return reaped;
  }

  private static boolean queueExists(Connection connection, String name) throws Exception {
    Channel channel = connection.createChannel();
    try {
      channel.queueDeclarePassive(name);
      return true;
    } catch (java.io.IOException e) {
      return false;
    } finally {
      if (channel.isOpen()) {
        channel.close();
      }
    }
  }

  private static CreateServerRequest request(String id, int ramMb, int vcpus) {
    return new CreateServerRequest(id, ramMb, vcpus, "postgresql", "/unused");
  }

  /** What the create workflow's undo and the delete workflow do: server, then volume. */
  private static void deleteAll(String id) throws InterruptedException {
    compute.deleteServer(id);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        volumes.deleteVolume(id);
        return;
      } catch (IllegalStateException stillAttached) {
        // an activity retries this; Nova detaches the volume as it deletes the server
        if (System.nanoTime() > deadline) {
          throw stillAttached;
        }
        Thread.sleep(500);
      }
    }
  }

  private static SecurityGroup group(String id) {
    return admin.networking().securitygroup().list(Map.of("name", NovaNames.of(id))).stream()
        .map(g -> (SecurityGroup) g)
        .findFirst()
        .orElseThrow();
  }

  private static void assertNothingLeft(String id, String serverId) {
    String name = NovaNames.of(id);
    assertThat(admin.compute().servers().list(Map.of("name", name, "all_tenants", "1"))).isEmpty();
    assertThat(admin.blockStorage().volumes().list(Map.of("name", name, "all_tenants", "1")))
        .isEmpty();
    assertThat(admin.networking().securitygroup().list(Map.of("name", name))).isEmpty();
    assertThat(
            admin
                .networking()
                .port()
                .list(
                    org.openstack4j.model.network.options.PortListOptions.create()
                        .deviceId(serverId)))
        .isEmpty();
  }
}
