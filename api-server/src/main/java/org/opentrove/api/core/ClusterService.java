package org.opentrove.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.errors.TroveError;
import org.opentrove.api.quota.QuotaDeltas;
import org.opentrove.api.quota.Quotas;
import org.opentrove.model.OperationType;
import org.opentrove.store.ClusterDao;
import org.opentrove.store.ClusterRow;
import org.opentrove.store.DatastoreDao;
import org.opentrove.store.DatastoreRow;
import org.opentrove.store.DatastoreVersionRow;
import org.opentrove.store.FlavorDao;
import org.opentrove.store.FlavorRow;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.InstanceRow;
import org.opentrove.store.OperationDao;
import org.opentrove.store.OperationRow;
import org.opentrove.store.ServiceStatusDao;
import org.opentrove.temporal.WorkflowIds;
import org.opentrove.temporal.api.CreateClusterRequest;
import org.opentrove.temporal.api.CreateInstanceRequest;
import org.opentrove.temporal.api.DeleteClusterRequest;
import org.opentrove.temporal.api.DeleteInstanceRequest;
import org.opentrove.temporal.api.GrowClusterRequest;
import org.opentrove.temporal.api.RestartClusterRequest;
import org.opentrove.temporal.api.RestartInstanceRequest;
import org.opentrove.temporal.api.ShrinkClusterRequest;

/**
 * Trove's clusters on Galera (its galera_common strategy's checks, in its order): each member an
 * instance with its own create or delete operation, recorded with the cluster's operation in one
 * transaction and run by it as a child workflow.
 */
public class ClusterService {
  /** Engines with clusters; Trove answers others 501. */
  private static final Set<String> CLUSTERING = Set.of("mariadb");

  /** Trove's {@code min_cluster_member_count}: also the fewest a shrink may leave (quorum). */
  static final int MIN_MEMBERS = 3;

  private final Jdbi jdbi;
  private final OperationStarter starter;
  private final ObjectMapper json;
  private final Clock clock;
  private final int maxVolumeSizeGb;

  private final Quotas quotas;

  private final VolumeTypes volumeTypes;

  public ClusterService(
      Jdbi jdbi,
      OperationStarter starter,
      ObjectMapper json,
      Clock clock,
      int maxVolumeSizeGb,
      Quotas quotas,
      VolumeTypes volumeTypes) {
    this.volumeTypes = volumeTypes;
    this.quotas = quotas;
    this.jdbi = jdbi;
    this.starter = starter;
    this.json = json;
    this.clock = clock;
    this.maxVolumeSizeGb = maxVolumeSizeGb;
  }

  public ClusterRow get(String projectId, String id) {
    UUID uuid = parseId(id);
    return jdbi.withExtension(ClusterDao.class, dao -> dao.find(projectId, uuid))
        .orElseThrow(() -> notFound(id));
  }

  public List<ClusterRow> list(String projectId) {
    return jdbi.withExtension(ClusterDao.class, dao -> dao.list(projectId));
  }

  public List<InstanceRow> members(UUID clusterId) {
    return jdbi.withExtension(ClusterDao.class, dao -> dao.memberRows(clusterId));
  }

  /** Trove's create: 200 with the cluster, BUILDING. */
  public ClusterRow create(String projectId, JsonNode body, String requestId) {
    JsonNode cluster = object(body, "cluster", "cluster");
    String name = nonEmptyString(cluster, "name", "cluster['name']");
    JsonNode datastore = object(cluster, "datastore", "cluster['datastore']");
    String type = nonEmptyString(datastore, "type", "cluster['datastore']['type']");
    String versionName = nonEmptyString(datastore, "version", "cluster['datastore']['version']");
    List<MemberSpec> specs = memberSpecs(cluster.get("instances"), "cluster['instances']");
    DatastoreRow datastoreRow =
        jdbi.withExtension(DatastoreDao.class, dao -> dao.find(type))
            .orElseThrow(() -> TroveError.notFound("Datastore '" + type + "' cannot be found."));
    DatastoreVersionRow version =
        jdbi.withExtension(
                DatastoreDao.class, dao -> dao.findVersion(datastoreRow.id(), versionName))
            .orElseThrow(
                () ->
                    TroveError.badRequest(
                        "Datastore version '" + versionName + "' cannot be found."));
    if (!version.active()) {
      throw TroveError.badRequest("Datastore version '" + versionName + "' is not active.");
    }
    if (!CLUSTERING.contains(datastoreRow.name())) {
      throw TroveError.notImplemented(
          "Clusters not supported for " + datastoreRow.name() + "-" + version.name() + ".");
    }
    if (specs.size() < MIN_MEMBERS) {
      throw TroveError.badRequest(
          "The number of instances for your initial cluster must be at least " + MIN_MEMBERS + ".");
    }
    FlavorRow flavor = validateMembers(specs, version.id());
    UUID clusterId = UUID.randomUUID();
    String operationId = OperationType.CLUSTER_CREATE.idOf(clusterId);
    Instant now = clock.instant();
    List<CreateInstanceRequest> members =
        newMembers(projectId, requestId, flavor, specs, datastoreRow.name(), version.name());
    CreateClusterRequest input =
        new CreateClusterRequest(operationId, clusterId, projectId, requestId, members);
    jdbi.useTransaction(
        h -> {
          h.attach(ClusterDao.class).insertBuilding(clusterId, projectId, name, version.id(), now);
          insertMembers(
              h, clusterId, name, projectId, flavor, version.id(), specs, members, 0, now);
          h.attach(OperationDao.class)
              .insert(
                  operation(
                      OperationType.CLUSTER_CREATE,
                      operationId,
                      clusterId,
                      projectId,
                      Map.of("cluster", Map.of("name", name, "instances", specs.size())),
                      now),
                  starter.encode(input));
        });
    starter.startClusterCreate(input);
    return get(projectId, clusterId.toString());
  }

  /** Trove's grow: the new members checked among themselves, then GROWING_CLUSTER. */
  public ClusterRow grow(String projectId, ClusterRow cluster, JsonNode nodes, String requestId) {
    List<MemberSpec> specs = memberSpecs(nodes, "grow");
    if (specs.isEmpty()) {
      throw TroveError.badRequest("Validation error: grow [] is too short");
    }
    FlavorRow flavor = validateMembers(specs, cluster.datastoreVersionId());
    String operationId = WorkflowIds.newRepeatable(OperationType.CLUSTER_GROW, cluster.id());
    List<CreateInstanceRequest> joining =
        newMembers(
            projectId,
            requestId,
            flavor,
            specs,
            cluster.datastoreName(),
            cluster.datastoreVersionName());
    List<UUID> existing = memberIds(cluster.id());
    GrowClusterRequest input =
        new GrowClusterRequest(operationId, cluster.id(), projectId, requestId, existing, joining);
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          take(h, cluster, "GROWING_CLUSTER", now);
          insertMembers(
              h,
              cluster.id(),
              cluster.name(),
              projectId,
              flavor,
              cluster.datastoreVersionId(),
              specs,
              joining,
              existing.size(),
              now);
          h.attach(OperationDao.class)
              .insert(
                  operation(
                      OperationType.CLUSTER_GROW,
                      operationId,
                      cluster.id(),
                      projectId,
                      Map.of("grow", specs.size()),
                      now),
                  starter.encode(input));
        });
    starter.startClusterGrow(input);
    return get(projectId, cluster.id().toString());
  }

  /**
   * Trove's shrink: every id a member (404 otherwise, Trove's message), not all of them (Trove's
   * 400), and, beyond Trove, not below the quorum a cluster needs; then SHRINKING_CLUSTER.
   */
  public ClusterRow shrink(String projectId, ClusterRow cluster, JsonNode nodes, String requestId) {
    if (nodes == null || !nodes.isArray() || nodes.isEmpty()) {
      throw TroveError.badRequest("Validation error: shrink must be a non-empty array of {id}");
    }
    List<UUID> members = memberIds(cluster.id());
    List<UUID> leaving = new ArrayList<>();
    for (JsonNode node : nodes) {
      String id = node.path("id").asText("");
      UUID uuid = parseOrNull(id);
      if (uuid == null) {
        throw TroveError.badRequest("'id' is not a UUID: " + id + "."); // Trove's schema
      }
      if (!members.contains(uuid)) {
        throw TroveError.notFound("Resource " + id + " cannot be found.");
      }
      if (!leaving.contains(uuid)) {
        leaving.add(uuid);
      }
    }
    if (members.size() - leaving.size() < 1) {
      throw TroveError.badRequest(
          "Must leave at least one instance in the cluster when shrinking.");
    }
    if (members.size() - leaving.size() < MIN_MEMBERS) {
      throw TroveError.badRequest(
          "A cluster must keep at least "
              + MIN_MEMBERS
              + " instances to keep its quorum; "
              + (members.size() - leaving.size())
              + " would remain.");
    }
    List<UUID> remaining = members.stream().filter(id -> !leaving.contains(id)).toList();
    String operationId = WorkflowIds.newRepeatable(OperationType.CLUSTER_SHRINK, cluster.id());
    List<DeleteInstanceRequest> deletes = deletes(leaving, projectId, requestId);
    ShrinkClusterRequest input =
        new ShrinkClusterRequest(
            operationId, cluster.id(), projectId, requestId, remaining, deletes);
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          take(h, cluster, "SHRINKING_CLUSTER", now);
          lockMembersForDelete(h, projectId, deletes, now);
          h.attach(OperationDao.class)
              .insert(
                  operation(
                      OperationType.CLUSTER_SHRINK,
                      operationId,
                      cluster.id(),
                      projectId,
                      Map.of("shrink", leaving.stream().map(UUID::toString).toList()),
                      now),
                  starter.encode(input));
        });
    starter.startClusterShrink(input);
    return get(projectId, cluster.id().toString());
  }

  /**
   * Trove's rolling restart (RESTARTING_CLUSTER): every member taken for its own restart in the
   * transaction that takes the cluster, then restarted one after the other by the workflow.
   */
  public ClusterRow restart(
      String projectId, ClusterRow cluster, JsonNode action, String requestId) {
    if (action != null && !action.isObject()) {
      throw TroveError.badRequest("'restart' must be an object.");
    }
    String operationId = WorkflowIds.newRepeatable(OperationType.CLUSTER_RESTART, cluster.id());
    List<RestartInstanceRequest> restarts =
        memberIds(cluster.id()).stream()
            .map(
                id ->
                    new RestartInstanceRequest(
                        WorkflowIds.newRepeatable(OperationType.INSTANCE_RESTART, id),
                        id,
                        projectId,
                        requestId))
            .toList();
    RestartClusterRequest input =
        new RestartClusterRequest(operationId, cluster.id(), projectId, requestId, restarts);
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          take(h, cluster, ClusterTasks.RESTARTING_CLUSTER.name(), now);
          for (RestartInstanceRequest restart : restarts) {
            takeMember(h, OperationType.INSTANCE_RESTART, restart.instanceId(), now);
            h.attach(OperationDao.class)
                .insert(
                    childOperation(
                        OperationType.INSTANCE_RESTART,
                        restart.operationId(),
                        restart.instanceId(),
                        projectId,
                        Map.of(),
                        now),
                    starter.encode(restart));
          }
          h.attach(OperationDao.class)
              .insert(
                  operation(
                      OperationType.CLUSTER_RESTART,
                      operationId,
                      cluster.id(),
                      projectId,
                      Map.of("restart", Map.of()),
                      now),
                  starter.encode(input));
        });
    starter.startClusterRestart(input);
    return get(projectId, cluster.id().toString());
  }

  /** Trove's delete: from NONE (or a delete that failed), every member with it. */
  public String delete(String projectId, String id, String requestId) {
    ClusterRow cluster = get(projectId, id);
    String operationId = OperationType.CLUSTER_DELETE.idOf(cluster.id());
    if ("DELETING".equals(cluster.task())) {
      return operationId; // Trove accepts a delete again; the one running goes on
    }
    List<DeleteInstanceRequest> deletes = deletes(memberIds(cluster.id()), projectId, requestId);
    DeleteClusterRequest input =
        new DeleteClusterRequest(operationId, cluster.id(), projectId, requestId, deletes);
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          take(h, cluster, "DELETING", now);
          lockMembersForDelete(h, projectId, deletes, now);
          h.attach(OperationDao.class)
              .insertOrRestartFailed(
                  operation(
                      OperationType.CLUSTER_DELETE,
                      operationId,
                      cluster.id(),
                      projectId,
                      Map.of(),
                      now),
                  starter.encode(input));
        });
    starter.startClusterDelete(input);
    return operationId;
  }

  /** Trove's admin reset-status: the cluster's task back to NONE whatever it was. */
  public ClusterRow resetStatus(String projectId, ClusterRow cluster) {
    jdbi.useExtension(ClusterDao.class, dao -> dao.resetTask(cluster.id(), clock.instant()));
    return get(projectId, cluster.id().toString());
  }

  private static List<DeleteInstanceRequest> deletes(
      List<UUID> members, String projectId, String requestId) {
    return members.stream()
        .map(
            id ->
                new DeleteInstanceRequest(WorkflowIds.instanceDelete(id), id, projectId, requestId))
        .toList();
  }

  private void take(Handle h, ClusterRow cluster, String task, Instant now) {
    if (!h.attach(ClusterDao.class).takeTask(cluster.id(), ClusterDao.NONE, task, now)) {
      throw busy(cluster);
    }
  }

  /** Takes a member for {@code type} (its lock), or refuses the whole cluster action with 422. */
  private static void takeMember(Handle h, OperationType type, UUID member, Instant now) {
    if (!h.attach(InstanceDao.class).lockFor(type, member, now)) {
      throw TroveError.unprocessable(
          "Instance " + member + " is not currently available for an action to be performed.");
    }
  }

  /** Each member DELETING with its delete operation recorded (its own child workflow runs it). */
  private void lockMembersForDelete(
      Handle h, String projectId, List<DeleteInstanceRequest> deletes, Instant now) {
    for (DeleteInstanceRequest delete : deletes) {
      takeMember(h, OperationType.INSTANCE_DELETE, delete.instanceId(), now);
      h.attach(OperationDao.class)
          .insertOrRestartFailed(
              childOperation(
                  OperationType.INSTANCE_DELETE,
                  delete.operationId(),
                  delete.instanceId(),
                  projectId,
                  Map.of(),
                  now),
              starter.encode(delete));
    }
  }

  private void insertMembers(
      Handle h,
      UUID clusterId,
      String clusterName,
      String projectId,
      FlavorRow flavor,
      UUID versionId,
      List<MemberSpec> specs,
      List<CreateInstanceRequest> members,
      int before,
      Instant now) {
    QuotaDeltas taken = QuotaDeltas.none();
    for (CreateInstanceRequest member : members) {
      taken = taken.plus(QuotaDeltas.instances(1, flavor.ramMb(), member.volumeSizeGb()));
    }
    quotas.take(h, projectId, taken);
    for (int i = 0; i < members.size(); i++) {
      CreateInstanceRequest member = members.get(i);
      String name =
          specs.get(i).name() != null
              ? specs.get(i).name()
              : clusterName + "-member-" + (before + i + 1);
      h.attach(InstanceDao.class)
          .insertBuilding(
              member.instanceId(),
              projectId,
              name,
              flavor.id(),
              versionId,
              member.volumeSizeGb(),
              now);
      h.attach(ClusterDao.class).addMember(clusterId, member.instanceId());
      if (member.volumeType() != null) {
        h.attach(InstanceDao.class).setVolumeType(member.instanceId(), member.volumeType());
      }
      h.attach(ServiceStatusDao.class).insertNew(member.instanceId(), now);
      Map<String, Object> recorded = new LinkedHashMap<>();
      recorded.put("name", name);
      recorded.put("cluster_id", clusterId.toString());
      h.attach(OperationDao.class)
          .insert(
              childOperation(
                  OperationType.INSTANCE_CREATE,
                  member.operationId(),
                  member.instanceId(),
                  projectId,
                  Map.of("instance", recorded),
                  now),
              starter.encode(member));
    }
  }

  private static List<CreateInstanceRequest> newMembers(
      String projectId,
      String requestId,
      FlavorRow flavor,
      List<MemberSpec> specs,
      String datastore,
      String version) {
    List<CreateInstanceRequest> members = new ArrayList<>();
    for (MemberSpec spec : specs) {
      UUID id = UUID.randomUUID();
      members.add(
          new CreateInstanceRequest(
                  WorkflowIds.instanceCreate(id),
                  id,
                  projectId,
                  requestId,
                  flavor.ramMb(),
                  flavor.vcpus(),
                  spec.volumeSizeGb(),
                  datastore,
                  version,
                  List.of(),
                  List.of(),
                  List.of())
              .withVolumeType(spec.volumeType()));
    }
    return members;
  }

  /** Trove's _validate_cluster_instances: flavor exists, volumes given and allowed, all equal. */
  private FlavorRow validateMembers(List<MemberSpec> specs, UUID versionId) {
    FlavorRow flavor = null;
    for (MemberSpec spec : specs) {
      FlavorRow found =
          jdbi.withExtension(FlavorDao.class, dao -> dao.find(spec.flavorRef()))
              .orElseThrow(
                  () ->
                      TroveError.badRequest("Resource " + spec.flavorRef() + " cannot be found."));
      flavor = flavor == null ? found : flavor;
    }
    for (MemberSpec spec : specs) {
      if (spec.volumeSizeGb() == null) {
        throw TroveError.badRequest("A volume size is required for each instance in the cluster.");
      }
    }
    for (MemberSpec spec : specs) {
      if (spec.volumeSizeGb() > maxVolumeSizeGb) {
        throw TroveError.overLimit(
            "Volume 'size' cannot exceed maximum of "
                + maxVolumeSizeGb
                + " Gb, "
                + spec.volumeSizeGb()
                + " cannot be accepted.");
      }
    }
    if (specs.stream().map(MemberSpec::flavorRef).distinct().count() > 1) {
      throw TroveError.badRequest("The flavor for each instance in a cluster must be the same.");
    }
    if (specs.stream().map(MemberSpec::volumeSizeGb).distinct().count() > 1) {
      throw TroveError.badRequest(
          "The volume size for each instance in a cluster must be the same.");
    }
    // Each type asked for once: every check lists the volume service's types anew.
    specs.stream()
        .map(MemberSpec::volumeType)
        .distinct()
        .forEach(type -> volumeTypes.require(type, versionId));
    return flavor;
  }

  private static List<MemberSpec> memberSpecs(JsonNode nodes, String path) {
    if (nodes == null || !nodes.isArray()) {
      throw TroveError.badRequest("Validation error: " + path + " is not of type 'array'");
    }
    List<MemberSpec> specs = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      JsonNode node = nodes.get(i);
      String at = path + "[" + i + "]";
      if (!node.isObject()) {
        throw TroveError.badRequest("Validation error: " + at + " is not of type 'object'");
      }
      JsonNode flavorRef = node.get("flavorRef");
      if (flavorRef == null) {
        throw TroveError.badRequest(
            "Validation error: " + at + " 'flavorRef' is a required property");
      }
      if (!flavorRef.isTextual() && !flavorRef.isIntegralNumber() || flavorRef.asText().isBlank()) {
        throw TroveError.badRequest(
            "Validation error: " + at + "['flavorRef'] " + flavorRef + " is not valid");
      }
      String ref = flavorRef.asText();
      ref = ref.substring(ref.lastIndexOf('/') + 1);
      Integer size = null;
      JsonNode volume = node.get("volume");
      if (volume != null) {
        JsonNode sizeNode = volume.get("size");
        if (!volume.isObject() || sizeNode == null) {
          throw TroveError.badRequest(
              "Validation error: " + at + "['volume'] 'size' is a required property");
        }
        size = volumeSize(sizeNode, at + "['volume']['size']");
      }
      String name = null;
      if (node.has("name")) {
        name = nonEmptyString(node, "name", at + "['name']");
      }
      specs.add(
          new MemberSpec(ref, size, name, volume == null ? null : NewInstance.volumeType(volume)));
    }
    return specs;
  }

  private static int volumeSize(JsonNode size, String at) {
    if (size.isIntegralNumber() && size.asLong() >= 1 && size.asLong() <= Integer.MAX_VALUE) {
      return size.asInt();
    }
    if (size.isTextual() && size.asText().matches("0*[1-9][0-9]{0,8}")) {
      return Integer.parseInt(size.asText());
    }
    throw TroveError.badRequest("Validation error: " + at + " " + size + " is not valid");
  }

  private static JsonNode object(JsonNode parent, String field, String path) {
    JsonNode node = parent == null ? null : parent.get(field);
    if (node == null || !node.isObject()) {
      throw TroveError.badRequest(
          "Validation error: " + path + " is a required property of type 'object'");
    }
    return node;
  }

  private static String nonEmptyString(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null) {
      throw TroveError.badRequest("Validation error: '" + field + "' is a required property");
    }
    if (!node.isTextual()
        || node.asText().isEmpty()
        || node.asText().length() > 255
        || !node.asText().matches("(?s).*[0-9a-zA-Z]+.*")) {
      throw TroveError.badRequest("Validation error: " + path + " " + node + " is not valid");
    }
    return node.asText();
  }

  private List<UUID> memberIds(UUID clusterId) {
    return jdbi.withExtension(ClusterDao.class, dao -> dao.members(clusterId));
  }

  private OperationRow operation(
      OperationType type,
      String operationId,
      UUID resourceId,
      String projectId,
      Map<String, Object> request,
      Instant now) {
    return OperationRows.pending(
        json,
        operationId,
        type.code(),
        type.resource().tableName(),
        resourceId,
        projectId,
        request,
        null,
        now);
  }

  /** A member's operation: its workflow is the cluster operation's child, never started alone. */
  private OperationRow childOperation(
      OperationType type,
      String operationId,
      UUID resourceId,
      String projectId,
      Map<String, Object> request,
      Instant now) {
    return OperationRows.startedByParent(
        operation(type, operationId, resourceId, projectId, request, now));
  }

  static TroveError busy(ClusterRow cluster) {
    return TroveError.unprocessable(
        "This action cannot be performed on the cluster while the current cluster task is '"
            + ClusterTasks.of(cluster.task()).troveName()
            + "'.");
  }

  private static UUID parseId(String id) {
    UUID uuid = parseOrNull(id);
    if (uuid == null) {
      throw notFound(id);
    }
    return uuid;
  }

  private static UUID parseOrNull(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static TroveError notFound(String id) {
    return TroveError.notFound("Cluster '" + id + "' cannot be found.");
  }

  /** One requested member: flavor, volume size (null when not given), optional name. */
  private record MemberSpec(
      String flavorRef, Integer volumeSizeGb, String name, String volumeType) {}
}
