package org.opentrove.store;

import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.mapper.reflect.JdbiConstructor;
import org.opentrove.model.InstanceTask;

/** An instance joined with its datastore, guest service status and fault: the API's read model. */
public record InstanceRow(
    UUID id,
    String projectId,
    String name,
    String flavorId,
    UUID datastoreVersionId,
    String datastoreName,
    String datastoreVersionName,
    String datastoreVersionNumber,
    int volumeSizeGb,
    InstanceTask taskStatus,
    String serverStatus,
    String serverId,
    String host,
    Integer port,
    Instant created,
    Instant updated,
    String serviceStatus,
    Instant serviceStatusUpdated,
    String faultMessage,
    String faultDetails,
    Instant faultCreated,
    String maintenanceWindow,
    UUID replicaOf) {

  /** The constructor rows are read with (the others are for callers). */
  @JdbiConstructor
  public InstanceRow {}

  /** An instance that replicates from nothing. */
  public InstanceRow(
      UUID id,
      String projectId,
      String name,
      String flavorId,
      UUID datastoreVersionId,
      String datastoreName,
      String datastoreVersionName,
      String datastoreVersionNumber,
      int volumeSizeGb,
      InstanceTask taskStatus,
      String serverStatus,
      String serverId,
      String host,
      Integer port,
      Instant created,
      Instant updated,
      String serviceStatus,
      Instant serviceStatusUpdated,
      String faultMessage,
      String faultDetails,
      Instant faultCreated,
      String maintenanceWindow) {
    this(
        id,
        projectId,
        name,
        flavorId,
        datastoreVersionId,
        datastoreName,
        datastoreVersionName,
        datastoreVersionNumber,
        volumeSizeGb,
        taskStatus,
        serverStatus,
        serverId,
        host,
        port,
        created,
        updated,
        serviceStatus,
        serviceStatusUpdated,
        faultMessage,
        faultDetails,
        faultCreated,
        maintenanceWindow,
        null);
  }

  /** An instance without a maintenance window. */
  public InstanceRow(
      UUID id,
      String projectId,
      String name,
      String flavorId,
      UUID datastoreVersionId,
      String datastoreName,
      String datastoreVersionName,
      String datastoreVersionNumber,
      int volumeSizeGb,
      InstanceTask taskStatus,
      String serverStatus,
      String serverId,
      String host,
      Integer port,
      Instant created,
      Instant updated,
      String serviceStatus,
      Instant serviceStatusUpdated,
      String faultMessage,
      String faultDetails,
      Instant faultCreated) {
    this(
        id,
        projectId,
        name,
        flavorId,
        datastoreVersionId,
        datastoreName,
        datastoreVersionName,
        datastoreVersionNumber,
        volumeSizeGb,
        taskStatus,
        serverStatus,
        serverId,
        host,
        port,
        created,
        updated,
        serviceStatus,
        serviceStatusUpdated,
        faultMessage,
        faultDetails,
        faultCreated,
        null);
  }
}
