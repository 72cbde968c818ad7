package org.opentrove.temporal.api;

import java.util.List;
import java.util.UUID;
import org.opentrove.contract.BackupPiece;
import org.opentrove.contract.DatabaseSpec;
import org.opentrove.contract.UserSpec;

/**
 * Everything a create needs, resolved by the API (flavor and datastore looked up already); a
 * restore names its backup chain, full backup first; a replica names the instance it follows, and
 * the backup of it to start from when its engine cannot copy over the replication connection (the
 * API recorded that backup, NEW); a cluster member names its place in the cluster; {@code locality}
 * is Trove's server group policy for the server, or null; {@code volumeType} the volume service's
 * type for the volume, or null for the configured one.
 */
public record CreateInstanceRequest(
    String operationId,
    UUID instanceId,
    String projectId,
    String requestId,
    int ramMb,
    int vcpus,
    int volumeSizeGb,
    String datastore,
    String datastoreVersion,
    List<DatabaseSpec> databases,
    List<UserSpec> users,
    List<BackupPiece> restoreChain,
    UUID replicaOf,
    UUID sourceSnapshot,
    ClusterPlacement cluster,
    String locality,
    String volumeType) {

  public CreateInstanceRequest {
    databases = databases == null ? List.of() : List.copyOf(databases);
    users = users == null ? List.of() : List.copyOf(users);
    restoreChain = restoreChain == null ? List.of() : List.copyOf(restoreChain);
  }

  /** A create under no server group policy. */
  public CreateInstanceRequest(
      String operationId,
      UUID instanceId,
      String projectId,
      String requestId,
      int ramMb,
      int vcpus,
      int volumeSizeGb,
      String datastore,
      String datastoreVersion,
      List<DatabaseSpec> databases,
      List<UserSpec> users,
      List<BackupPiece> restoreChain,
      UUID replicaOf,
      UUID sourceSnapshot,
      ClusterPlacement cluster) {
    this(
        operationId,
        instanceId,
        projectId,
        requestId,
        ramMb,
        vcpus,
        volumeSizeGb,
        datastore,
        datastoreVersion,
        databases,
        users,
        restoreChain,
        replicaOf,
        sourceSnapshot,
        cluster,
        null,
        null);
  }

  public CreateInstanceRequest(
      String operationId,
      UUID instanceId,
      String projectId,
      String requestId,
      int ramMb,
      int vcpus,
      int volumeSizeGb,
      String datastore,
      String datastoreVersion,
      List<DatabaseSpec> databases,
      List<UserSpec> users,
      List<BackupPiece> restoreChain,
      UUID replicaOf,
      UUID sourceSnapshot) {
    this(
        operationId,
        instanceId,
        projectId,
        requestId,
        ramMb,
        vcpus,
        volumeSizeGb,
        datastore,
        datastoreVersion,
        databases,
        users,
        restoreChain,
        replicaOf,
        sourceSnapshot,
        null);
  }

  /** This create, placed in a cluster. */
  public CreateInstanceRequest placedIn(ClusterPlacement placement) {
    return new CreateInstanceRequest(
        operationId,
        instanceId,
        projectId,
        requestId,
        ramMb,
        vcpus,
        volumeSizeGb,
        datastore,
        datastoreVersion,
        databases,
        users,
        restoreChain,
        replicaOf,
        sourceSnapshot,
        placement,
        locality,
        volumeType);
  }

  /** This create, its server placed under Trove's {@code locality} policy (null: none). */
  public CreateInstanceRequest withLocality(String policy) {
    return new CreateInstanceRequest(
        operationId,
        instanceId,
        projectId,
        requestId,
        ramMb,
        vcpus,
        volumeSizeGb,
        datastore,
        datastoreVersion,
        databases,
        users,
        restoreChain,
        replicaOf,
        sourceSnapshot,
        cluster,
        policy,
        volumeType);
  }

  /** This create, its volume of the volume service's type {@code type} (null: the default). */
  public CreateInstanceRequest withVolumeType(String type) {
    return new CreateInstanceRequest(
        operationId,
        instanceId,
        projectId,
        requestId,
        ramMb,
        vcpus,
        volumeSizeGb,
        datastore,
        datastoreVersion,
        databases,
        users,
        restoreChain,
        replicaOf,
        sourceSnapshot,
        cluster,
        locality,
        type);
  }

  public CreateInstanceRequest(
      String operationId,
      UUID instanceId,
      String projectId,
      String requestId,
      int ramMb,
      int vcpus,
      int volumeSizeGb,
      String datastore,
      String datastoreVersion,
      List<DatabaseSpec> databases,
      List<UserSpec> users,
      List<BackupPiece> restoreChain) {
    this(
        operationId,
        instanceId,
        projectId,
        requestId,
        ramMb,
        vcpus,
        volumeSizeGb,
        datastore,
        datastoreVersion,
        databases,
        users,
        restoreChain,
        null,
        null);
  }
}
