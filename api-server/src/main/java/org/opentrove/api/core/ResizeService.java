package org.opentrove.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.errors.TroveError;
import org.opentrove.api.quota.QuotaDeltas;
import org.opentrove.api.quota.QuotaResource;
import org.opentrove.model.OperationType;
import org.opentrove.store.FlavorDao;
import org.opentrove.store.FlavorRow;
import org.opentrove.store.InstanceRow;
import org.opentrove.temporal.WorkflowIds;
import org.opentrove.temporal.api.ResizeFlavorRequest;
import org.opentrove.temporal.api.ResizeVolumeRequest;

/**
 * Trove's {@code resize} action: {@code {"resize": {"volume": {"size": N}}}} grows the volume,
 * {@code {"resize": {"flavorRef": ...}}} moves the instance to another flavor. Checked in Trove's
 * order with its messages; then the instance is taken (RESIZING, shown as RESIZE) in the
 * transaction that records the operation.
 */
public class ResizeService {
  private static final int MAX_REF_LENGTH = 1024;

  private final Jdbi jdbi;
  private final InstanceService instances;
  private final InstanceStatus statuses;
  private final OperationStarter starter;
  private final Clock clock;
  private final int maxVolumeSizeGb;

  public ResizeService(
      Jdbi jdbi,
      InstanceService instances,
      InstanceStatus statuses,
      OperationStarter starter,
      Clock clock,
      int maxVolumeSizeGb) {
    this.jdbi = jdbi;
    this.instances = instances;
    this.statuses = statuses;
    this.starter = starter;
    this.clock = clock;
    this.maxVolumeSizeGb = maxVolumeSizeGb;
  }

  /** The body of the {@code resize} key; returns the operation id. */
  public String resize(String projectId, String id, String requestId, JsonNode resize) {
    if (resize == null || !resize.isObject()) {
      throw TroveError.badRequest(
          "'resize' must be an object: {'volume': {'size': N}} or" + " {'flavorRef': ...}.");
    }
    instances.refuseClusterMember(instances.get(projectId, id));
    if (resize.has("volume")) { // before flavorRef when both are given, as Trove picks
      return resizeVolume(projectId, id, requestId, resize);
    }
    if (resize.has("flavorRef")) {
      return resizeFlavor(projectId, id, requestId, resize);
    }
    throw TroveError.badRequest("Missing resize arguments: 'volume' or 'flavorRef'.");
  }

  private String resizeVolume(String projectId, String id, String requestId, JsonNode resize) {
    JsonNode volume = resize.get("volume");
    if (volume == null || !volume.isObject() || !volume.has("size")) {
      throw TroveError.badRequest("'volume' must be an object with a 'size'.");
    }
    int size = JsonFields.positiveInt(volume.get("size"), "size", Integer.MAX_VALUE, "GB");
    InstanceRow row = instances.get(projectId, id);
    if (size <= row.volumeSizeGb()) {
      throw TroveError.badRequest(
          "The new volume 'size' must be larger than the current volume size of '"
              + row.volumeSizeGb()
              + "'.");
    }
    if (size > maxVolumeSizeGb) {
      throw TroveError.overLimit(
          "Volume 'size' cannot exceed maximum of "
              + maxVolumeSizeGb
              + " GB, "
              + size
              + " cannot be accepted.");
    }
    Instant now = clock.instant();
    Optional<Instant> at = ApplyAt.of(resize, row, now);
    OperationType type = OperationType.INSTANCE_RESIZE_VOLUME;
    String operationId = WorkflowIds.newRepeatable(type, row.id());
    ResizeVolumeRequest input =
        new ResizeVolumeRequest(operationId, row.id(), projectId, requestId, size, at.orElse(null));
    instances.recordAction(
        type,
        operationId,
        row,
        Map.of("volume", Map.of("size", size)),
        input,
        now,
        at,
        QuotaDeltas.of(QuotaResource.VOLUMES, size - row.volumeSizeGb()));
    starter.startResizeVolume(input);
    return operationId;
  }

  private String resizeFlavor(String projectId, String id, String requestId, JsonNode resize) {
    String flavorId = flavorId(resize.get("flavorRef"));
    InstanceRow row = instances.get(projectId, id);
    Instant now = clock.instant();
    Optional<Instant> at = ApplyAt.of(resize, row, now);
    if (at.isEmpty()) {
      statuses.requireAvailableForAction(row, now); // Trove checks this first
    }
    if (flavorId.equals(row.flavorId())) {
      throw sameFlavor(row);
    }
    FlavorRow to =
        jdbi.withExtension(FlavorDao.class, dao -> dao.find(flavorId))
            .orElseThrow(() -> TroveError.badRequest("Resource " + flavorId + " cannot be found."));
    if (to.id().equals(row.flavorId())) { // named by its name
      throw sameFlavor(row);
    }
    if (to.diskGb() > 0 && to.diskGb() < row.volumeSizeGb()) {
      throw TroveError.badRequest(
          "Flavor "
              + to.id()
              + " has "
              + to.diskGb()
              + " GB of disk, less than the instance's "
              + row.volumeSizeGb()
              + " GB volume.");
    }
    FlavorRow from =
        jdbi.withExtension(FlavorDao.class, dao -> dao.find(row.flavorId())).orElseThrow();
    OperationType type = OperationType.INSTANCE_RESIZE_FLAVOR;
    String operationId = WorkflowIds.newRepeatable(type, row.id());
    ResizeFlavorRequest input =
        new ResizeFlavorRequest(
            operationId, row.id(), projectId, requestId, flavor(from), flavor(to), at.orElse(null));
    instances.recordAction(
        type,
        operationId,
        row,
        Map.of("flavorRef", to.id(), "from", from.id()),
        input,
        now,
        at,
        QuotaDeltas.of(QuotaResource.RAM, to.ramMb() - from.ramMb()));
    starter.startResizeFlavor(input);
    return operationId;
  }

  private static TroveError sameFlavor(InstanceRow row) {
    return TroveError.badRequest(
        "The new flavor id must be different than the current flavor id of '"
            + row.flavorId()
            + "'.");
  }

  private static ResizeFlavorRequest.Flavor flavor(FlavorRow row) {
    return new ResizeFlavorRequest.Flavor(row.id(), row.ramMb(), row.vcpus());
  }

  /** Trove's flavorRef: an id, as a string or a number, or a link whose last part is the id. */
  private static String flavorId(JsonNode ref) {
    if (ref == null || !(ref.isTextual() || ref.isIntegralNumber())) {
      throw TroveError.badRequest("'flavorRef' must be a flavor id.");
    }
    String text =
        ref.isTextual()
            ? JsonFields.string(ref, "flavorRef", MAX_REF_LENGTH)
            : ref.bigIntegerValue().toString();
    String idPart = text.substring(text.lastIndexOf('/') + 1);
    if (idPart.isBlank()) {
      throw TroveError.badRequest("'flavorRef' must be a flavor id.");
    }
    return idPart;
  }
}
