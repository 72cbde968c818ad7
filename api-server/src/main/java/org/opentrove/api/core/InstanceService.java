package org.opentrove.api.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.errors.TroveError;
import org.opentrove.store.DatastoreDao;
import org.opentrove.store.DatastoreRow;
import org.opentrove.store.DatastoreVersionRow;
import org.opentrove.store.FlavorDao;
import org.opentrove.store.FlavorRow;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.InstanceRow;
import org.opentrove.store.InstanceTask;
import org.opentrove.store.OperationDao;
import org.opentrove.store.OperationRow;
import org.opentrove.store.OperationState;
import org.opentrove.store.ServiceStatusDao;
import org.opentrove.temporal.WorkflowIds;
import org.opentrove.temporal.api.CreateInstanceRequest;
import org.opentrove.temporal.api.DeleteInstanceRequest;

/**
 * Instance requests: validate against the catalogue, then in one transaction write the instance
 * (its task lock taken) and the operation, then start the operation's workflow.
 */
public class InstanceService {
  private final Jdbi jdbi;
  private final OperationStarter starter;
  private final ObjectMapper json;
  private final Clock clock;

  public InstanceService(Jdbi jdbi, OperationStarter starter, ObjectMapper json, Clock clock) {
    this.jdbi = jdbi;
    this.starter = starter;
    this.json = json;
    this.clock = clock;
  }

  public InstanceRow get(String projectId, String id) {
    UUID uuid = parseId(id);
    return jdbi.withExtension(InstanceDao.class, dao -> dao.findLive(projectId, uuid))
        .orElseThrow(() -> instanceNotFound(id));
  }

  public List<InstanceRow> list(String projectId) {
    return jdbi.withExtension(InstanceDao.class, dao -> dao.listLive(projectId));
  }

  public Created create(String projectId, NewInstance request, String requestId) {
    FlavorRow flavor =
        jdbi.withExtension(FlavorDao.class, dao -> dao.find(request.flavorRef()))
            .orElseThrow(
                () ->
                    TroveError.notFound("Flavor " + request.flavorRef() + " could not be found."));
    DatastoreVersionRow version = resolveVersion(request);
    DatastoreRow datastore =
        jdbi.withExtension(DatastoreDao.class, dao -> dao.find(version.datastoreId().toString()))
            .orElseThrow();
    UUID id = UUID.randomUUID();
    String operationId = WorkflowIds.instanceCreate(id);
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          h.attach(InstanceDao.class)
              .insertBuilding(
                  id,
                  projectId,
                  request.name(),
                  flavor.id(),
                  version.id(),
                  request.volumeSizeGb(),
                  now);
          h.attach(ServiceStatusDao.class).insertNew(id, now);
          h.attach(OperationDao.class)
              .insert(
                  operation(
                      operationId, "instance-create", id, projectId, request.redacted(), now));
        });
    starter.startCreate(
        new CreateInstanceRequest(
            operationId,
            id,
            projectId,
            requestId,
            flavor.ramMb(),
            flavor.vcpus(),
            request.volumeSizeGb(),
            datastore.name(),
            version.name(),
            request.databases(),
            request.users()));
    return new Created(get(projectId, id.toString()), operationId);
  }

  public String delete(String projectId, String id, String requestId) {
    InstanceRow row = get(projectId, id);
    if (row.taskStatus() == InstanceTask.BUILDING || row.taskStatus() == InstanceTask.DELETING) {
      throw TroveError.unprocessable(
          "Instance " + id + " is busy (" + row.taskStatus() + "); try again when it is not.");
    }
    String operationId = WorkflowIds.instanceDelete(row.id());
    Instant now = clock.instant();
    boolean locked =
        jdbi.inTransaction(
            h -> {
              if (!h.attach(InstanceDao.class)
                  .transitionTask(row.id(), row.taskStatus(), InstanceTask.DELETING, now)) {
                return false;
              }
              return h.attach(OperationDao.class)
                  .insertOrRestartFailed(
                      operation(
                          operationId, "instance-delete", row.id(), projectId, Map.of(), now));
            });
    if (!locked) {
      throw TroveError.unprocessable("Instance " + id + " changed state; try again.");
    }
    starter.startDelete(new DeleteInstanceRequest(operationId, row.id(), projectId, requestId));
    return operationId;
  }

  private DatastoreVersionRow resolveVersion(NewInstance request) {
    DatastoreRow datastore =
        jdbi.withExtension(
            DatastoreDao.class,
            dao -> {
              if (request.datastoreType() != null) {
                return dao.find(request.datastoreType())
                    .orElseThrow(
                        () ->
                            TroveError.notFound(
                                "Datastore '" + request.datastoreType() + "' cannot be found."));
              }
              List<DatastoreRow> all = dao.list();
              if (all.size() != 1) {
                throw TroveError.badRequest("Please specify a datastore ('datastore': {'type'}).");
              }
              return all.get(0);
            });
    String versionRef =
        request.datastoreVersion() != null
            ? request.datastoreVersion()
            : datastore.defaultVersionId() == null ? null : datastore.defaultVersionId().toString();
    if (versionRef == null) {
      throw TroveError.badRequest(
          "Datastore '" + datastore.name() + "' has no default version; please specify one.");
    }
    return jdbi.withExtension(
            DatastoreDao.class, dao -> dao.findVersion(datastore.id(), versionRef))
        .orElseThrow(
            () ->
                TroveError.notFound(
                    "Datastore version '"
                        + versionRef
                        + "' cannot be found for datastore '"
                        + datastore.name()
                        + "'."));
  }

  private OperationRow operation(
      String operationId,
      String type,
      UUID resourceId,
      String projectId,
      Map<String, Object> request,
      Instant now) {
    try {
      return new OperationRow(
          operationId,
          type,
          "instance",
          resourceId,
          projectId,
          projectId,
          json.writeValueAsString(request),
          OperationState.PENDING,
          null,
          null,
          null,
          false,
          now,
          now);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot record the request", e);
    }
  }

  private static UUID parseId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw instanceNotFound(id);
    }
  }

  private static TroveError instanceNotFound(String id) {
    return TroveError.notFound("Instance " + id + " could not be found.");
  }

  /** A created instance and the operation building it. */
  public record Created(InstanceRow instance, String operationId) {}
}
