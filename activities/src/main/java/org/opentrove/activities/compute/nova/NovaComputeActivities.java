package org.opentrove.activities.compute.nova;

import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.ClientResponseException;
import org.openstack4j.model.compute.Action;
import org.openstack4j.model.compute.BDMDestType;
import org.openstack4j.model.compute.BDMSourceType;
import org.openstack4j.model.compute.Flavor;
import org.openstack4j.model.compute.RebootType;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.compute.ServerCreate;
import org.opentrove.activities.ActivityProgress;
import org.opentrove.activities.compute.GuestSettingsFile;
import org.opentrove.activities.openstack.OpenStackSession;
import org.opentrove.activities.volume.CinderVolumes;
import org.opentrove.contract.ClusterNode;
import org.opentrove.store.DatastoreAdminDao.VersionImage;
import org.opentrove.temporal.NonRetryable;
import org.opentrove.temporal.activities.compute.ComputeActivities;
import org.opentrove.temporal.activities.compute.CreateServerRequest;
import org.opentrove.temporal.activities.compute.ReplicationEndpoint;
import org.opentrove.temporal.activities.compute.ServerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code nova} compute driver: a Nova server per instance, booted from the datastore's image
 * (found by Trove's tags: {@code trove} and the datastore) with the instance's Cinder volume
 * attached, its own security group, the guest's settings as user data and, with Trove's locality, a
 * server group of that policy. Everything is named {@code trove-<instance id>} and carries the
 * instance in its metadata, so each step finds what an earlier attempt made.
 */
public class NovaComputeActivities implements ComputeActivities {
  private static final Logger LOG = LoggerFactory.getLogger(NovaComputeActivities.class);
  static final String REBOOTED_FOR_KEY = "opentrove_rebooted_for";

  private final NovaComputeConfig config;
  private final NovaServers servers;
  private final InstanceSecurityGroups groups;
  private final InstanceServerGroups serverGroups;
  private final CinderVolumes volumes;
  private final NovaUserData userData;
  private final VersionImages images;
  private final NovaMigrations migrations;

  public NovaComputeActivities(
      NovaComputeConfig config, OpenStackSession session, GuestSettingsFile settings) {
    this(config, session, settings, VersionImages.none());
  }

  public NovaComputeActivities(
      NovaComputeConfig config,
      OpenStackSession session,
      GuestSettingsFile settings,
      VersionImages images) {
    this.images = images;
    this.config = config;
    this.servers = new NovaServers(session);
    this.migrations =
        new NovaMigrations(session, servers, Duration.ofSeconds(config.bootTimeoutSeconds));
    this.groups = new InstanceSecurityGroups(session, config.owner);
    this.serverGroups = new InstanceServerGroups(session);
    this.volumes = new CinderVolumes(session, Duration.ofSeconds(config.volumeTimeoutSeconds));
    this.userData = new NovaUserData(settings, config.guestDataDir);
  }

  @Override
  public ServerInfo createServer(CreateServerRequest request) {
    String id = request.instanceId();
    int port = NovaNames.datastorePort(request.datastore());
    String group = groups.ensure(id, port);
    Server server = servers.find(id).orElseGet(() -> boot(request, group));
    if (server.getStatus() == Server.Status.ERROR) {
      throw NovaServers.faulted(server);
    }
    server = servers.await(server.getId(), Server.Status.ACTIVE, bootTimeout());
    String address = NovaServersView.address(server);
    LOG.info("server {} of {} is ACTIVE at {}", server.getId(), id, address);
    return new ServerInfo(server.getId(), address, port);
  }

  private Server boot(CreateServerRequest request, String group) {
    String id = request.instanceId();
    OSClientV3 os = servers.client();
    Flavor flavor = servers.flavor(request.ramMb(), request.vcpus());
    String volumeId =
        volumes
            .find(id)
            .orElseThrow(() -> new IllegalStateException("the volume of " + id + " is missing"))
            .getId();
    String imageId = image(os, id, request.datastore());
    var builder =
        Builders.server()
            .name(NovaNames.of(id))
            .flavor(flavor.getId())
            .image(imageId)
            .networks(List.of(config.networkId))
            .addSecurityGroup(group)
            .addMetadata(NovaNames.metadata(id, config.owner))
            .userData(userData(request))
            // With any mapping given, Nova wants the image's root disk spelled out as well.
            .blockDevice(
                Builders.blockDeviceMapping()
                    .uuid(imageId)
                    .sourceType(BDMSourceType.IMAGE)
                    .destinationType(BDMDestType.LOCAL)
                    .bootIndex(0)
                    .deleteOnTermination(true)
                    .build())
            .blockDevice(
                Builders.blockDeviceMapping()
                    .uuid(volumeId)
                    .sourceType(BDMSourceType.VOLUME)
                    .destinationType(BDMDestType.VOLUME)
                    .bootIndex(-1)
                    .deleteOnTermination(false)
                    .build());
    if (request.locality() != null) {
      builder.addSchedulerHint("group", serverGroups.ensure(id, request.locality()));
    }
    ServerCreate create = builder.build();
    Server booted;
    try {
      booted = os.compute().servers().boot(create);
    } catch (ClientResponseException e) {
      // 403 and 413 are Nova's quota refusals: retrying cannot help until an operator acts.
      if (e.getStatus() == 403 || e.getStatus() == 413) {
        throw ApplicationFailure.newNonRetryableFailure(
            "Nova: " + e.getMessage(), NonRetryable.NO_CAPACITY);
      }
      throw e;
    }
    LOG.info("booted server {} for {} (flavor {})", booted.getId(), id, flavor.getName());
    return booted;
  }

  /** The datastore's image: Trove's convention, tagged {@code trove} and the datastore. */
  /**
   * The version's image by id; else the newest active image with all the version's tags; else (no
   * version registry) the one tagged {@code trove} and the datastore's name.
   */
  private String image(OSClientV3 os, String instanceId, String datastore) {
    Optional<VersionImage> version = images.of(instanceId);
    String imageId = version.map(VersionImage::imageId).orElse(null);
    if (imageId != null && !imageId.isEmpty()) {
      if (os.imagesV2().get(imageId) == null) {
        throw ApplicationFailure.newNonRetryableFailure(
            "Glance has no image " + imageId, NonRetryable.INVALID_REQUEST);
      }
      return imageId;
    }
    List<String> tags =
        version
            .map(VersionImage::imageTags)
            .filter(t -> !t.isEmpty())
            .map(t -> List.of(t.split(",")))
            .orElse(List.of("trove", datastore));
    return os.imagesV2().list(Map.of("tag", tags.get(0), "status", "active")).stream()
        .filter(i -> i.getTags() != null && i.getTags().containsAll(tags))
        .max(
            java.util.Comparator.comparing(
                i -> i.getCreatedAt(),
                java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())))
        .map(i -> i.getId())
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "Glance has no active image tagged " + String.join(" and ", tags),
                    NonRetryable.INVALID_REQUEST));
  }

  private String userData(CreateServerRequest request) {
    String text = userData.text(request);
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean serverIsRunning(String instanceId) {
    return servers
        .find(instanceId)
        .map(s -> !NovaServers.STOPPED.contains(s.getStatus()))
        .orElse(false);
  }

  @Override
  public void restartServer(String instanceId) {
    Server server = existing(instanceId);
    if (server.getStatus() == Server.Status.ACTIVE) {
      return;
    }
    OSClientV3 os = servers.client();
    if (server.getStatus() == Server.Status.SHUTOFF) {
      NovaServers.check(
          os.compute().servers().action(server.getId(), Action.START), "starting the server");
    } else {
      NovaServers.check(
          os.compute().servers().reboot(server.getId(), RebootType.HARD), "a hard reboot");
    }
    servers.await(server.getId(), Server.Status.ACTIVE, bootTimeout());
  }

  @Override
  public void rebootServer(String instanceId, String operationId) {
    Server server = existing(instanceId);
    Map<String, String> metadata = server.getMetadata();
    if (metadata != null
        && operationId.equals(metadata.get(REBOOTED_FOR_KEY))
        && server.getStatus() == Server.Status.ACTIVE) {
      return;
    }
    OSClientV3 os = servers.client();
    if (server.getStatus() != Server.Status.REBOOT
        && server.getStatus() != Server.Status.HARD_REBOOT) {
      NovaServers.check(os.compute().servers().reboot(server.getId(), RebootType.SOFT), "a reboot");
    }
    servers.await(server.getId(), Server.Status.ACTIVE, bootTimeout());
    servers.mark(server.getId(), REBOOTED_FOR_KEY, operationId);
  }

  @Override
  public void migrateServer(String instanceId, String operationId, String host) {
    migrations.migrate(existing(instanceId), operationId, host);
  }

  @Override
  public void resizeServer(String instanceId, int ramMb, int vcpus) {
    Server server = existing(instanceId);
    Flavor flavor = servers.flavor(ramMb, vcpus);
    OSClientV3 os = servers.client();
    if (server.getStatus() == Server.Status.VERIFY_RESIZE) {
      NovaServers.check(os.compute().servers().confirmResize(server.getId()), "confirming");
      servers.await(server.getId(), Server.Status.ACTIVE, bootTimeout());
      server = existing(instanceId);
    }
    if (flavor.getId().equals(server.getFlavorId())
        || (server.getFlavor() != null && flavor.getId().equals(server.getFlavor().getId()))) {
      return;
    }
    if (server.getStatus() != Server.Status.RESIZE) {
      NovaServers.check(os.compute().servers().resize(server.getId(), flavor.getId()), "a resize");
    }
    servers.await(server.getId(), Server.Status.VERIFY_RESIZE, bootTimeout());
    NovaServers.check(os.compute().servers().confirmResize(server.getId()), "confirming");
    servers.await(server.getId(), Server.Status.ACTIVE, bootTimeout());
  }

  @Override
  public void deleteServer(String instanceId) {
    OSClientV3 os = servers.client();
    for (Server server : servers.named(instanceId)) {
      ActivityProgress.beat();
      NovaServers.check(
          os.compute().servers().delete(server.getId()), "deleting server " + server.getId());
    }
    servers.awaitGone(instanceId, Duration.ofSeconds(config.deleteTimeoutSeconds));
    groups.delete(instanceId);
    serverGroups.delete(instanceId);
  }

  NovaServers servers() {
    return servers;
  }

  InstanceSecurityGroups groups() {
    return groups;
  }

  String owner() {
    return config.owner;
  }

  private Server existing(String instanceId) {
    return servers
        .find(instanceId)
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "instance " + instanceId + " has no server", NonRetryable.SERVER_STOPPED));
  }

  private Duration bootTimeout() {
    return Duration.ofSeconds(config.bootTimeoutSeconds);
  }

  // Replication, clusters and fencing need paths between servers that the Nova driver does not
  // open yet (security group rules between an instance's servers): refused, not half done.

  @Override
  public ReplicationEndpoint openReplicationLink(String replicaId, String sourceId) {
    throw notYet("replication");
  }

  @Override
  public List<ClusterNode> connectClusterMembers(List<String> memberIds) {
    throw notYet("clusters");
  }

  @Override
  public void closeReplicationLink(String replicaId) {
    throw notYet("replication");
  }

  @Override
  public void fenceServer(String instanceId) {
    throw notYet("fencing a server");
  }

  @Override
  public void startHeldServer(String instanceId) {
    throw notYet("fencing a server");
  }

  @Override
  public void releaseHold(String instanceId) {
    throw notYet("fencing a server");
  }

  private static ApplicationFailure notYet(String what) {
    return ApplicationFailure.newNonRetryableFailure(
        "the nova compute driver does not support " + what + " yet", NonRetryable.INVALID_REQUEST);
  }
}
