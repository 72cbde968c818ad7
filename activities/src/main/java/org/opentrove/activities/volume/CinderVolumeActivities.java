package org.opentrove.activities.volume;

import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openstack4j.api.Builders;
import org.openstack4j.model.storage.block.Volume;
import org.opentrove.activities.compute.nova.Made;
import org.opentrove.activities.compute.nova.NovaComputeConfig;
import org.opentrove.activities.compute.nova.NovaNames;
import org.opentrove.activities.openstack.OpenStackSession;
import org.opentrove.activities.openstack.Polling;
import org.opentrove.activities.openstack.Polling.Check;
import org.opentrove.temporal.NonRetryable;
import org.opentrove.temporal.activities.volume.VolumeActivities;
import org.opentrove.temporal.activities.volume.VolumeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instances' volumes on Cinder, named {@code trove-<instance id>} with the instance in their
 * metadata. The guest sees the volume mounted at {@code guestDataDir}.
 */
public class CinderVolumeActivities implements VolumeActivities {
  private static final Logger LOG = LoggerFactory.getLogger(CinderVolumeActivities.class);

  private final NovaComputeConfig config;
  private final CinderVolumes volumes;

  public CinderVolumeActivities(NovaComputeConfig config, OpenStackSession session) {
    this.config = config;
    this.volumes = new CinderVolumes(session, Duration.ofSeconds(config.volumeTimeoutSeconds));
  }

  @Override
  public VolumeInfo createVolume(String instanceId, int sizeGb, String volumeType) {
    Optional<Volume> existing = volumes.settle(instanceId);
    Volume volume;
    if (existing.isPresent()) {
      volume = existing.get();
    } else {
      var builder =
          Builders.volume()
              .name(NovaNames.of(instanceId))
              .size(sizeGb)
              .description("OpenTrove instance " + instanceId)
              .metadata(NovaNames.metadata(instanceId, config.owner));
      String type = volumeType != null ? volumeType : config.volumeType;
      if (!type.isBlank()) {
        builder.volumeType(type);
      }
      volume = volumes.session().client().blockStorage().volumes().create(builder.build());
      LOG.info("created volume {} of {} GB for {}", volume.getId(), sizeGb, instanceId);
      volume = volumes.settle(instanceId).orElseThrow();
    }
    volumes.healthy(instanceId, volume, "create");
    return new VolumeInfo(volume.getId(), config.guestDataDir, volume.getSize());
  }

  @Override
  public VolumeInfo growVolume(String instanceId, int newSizeGb) {
    Volume volume =
        volumes
            .settle(instanceId)
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "instance " + instanceId + " has no volume", NonRetryable.INVALID_REQUEST));
    volumes.healthy(instanceId, volume, "extend");
    if (volume.getSize() > newSizeGb) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the volume is " + volume.getSize() + " GB; it cannot shrink to " + newSizeGb,
          NonRetryable.INVALID_REQUEST);
    }
    if (volume.getSize() < newSizeGb) {
      // An attached volume extends from volume API 3.42 on; OpenStack4j sends no microversion.
      java.net.http.HttpResponse<String> response;
      try {
        response =
            volumes
                .session()
                .call(
                    "volumev3",
                    "POST",
                    "/volumes/" + volume.getId() + "/action",
                    "volume 3.42",
                    "{\"os-extend\": {\"new_size\": " + newSizeGb + "}}");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "Cinder refused to extend "
                + volume.getId()
                + ": "
                + response.statusCode()
                + " "
                + response.body());
      }
      volume = awaitSize(instanceId, newSizeGb);
      LOG.info("extended volume {} of {} to {} GB", volume.getId(), instanceId, newSizeGb);
    }
    return new VolumeInfo(volume.getId(), config.guestDataDir, volume.getSize());
  }

  /**
   * Cinder accepts an extend before its volume service did it: the volume is done when it has the
   * new size and no passing state, not merely when a read finds it settled.
   */
  private Volume awaitSize(String instanceId, int sizeGb) {
    return Polling.until(
        Duration.ofSeconds(config.volumeTimeoutSeconds),
        () -> {
          Volume volume =
              volumes.healthy(instanceId, volumes.settle(instanceId).orElseThrow(), "extend");
          return volume.getSize() >= sizeGb
              ? Check.done(volume)
              : Check.waiting(
                  "the volume of " + instanceId + " is still " + volume.getSize() + " GB");
        });
  }

  /** The volumes this control plane made for instances. */
  public List<Made> madeBy() {
    return volumes.madeBy(config.owner);
  }

  @Override
  public void deleteVolume(String instanceId) {
    Optional<Volume> volume = volumes.settle(instanceId);
    if (volume.isEmpty()) {
      return;
    }
    if (volume.get().getStatus() == Volume.Status.IN_USE) {
      // Its server is being deleted; Nova detaches it then. The activity retries.
      throw new IllegalStateException("the volume of " + instanceId + " is still attached");
    }
    var response = volumes.session().client().blockStorage().volumes().delete(volume.get().getId());
    if (!response.isSuccess() && response.getCode() != 404) {
      throw new IllegalStateException(
          "Cinder refused to delete " + volume.get().getId() + ": " + response.getFault());
    }
    if (volumes.settle(instanceId).isPresent()) {
      throw new IllegalStateException("the volume of " + instanceId + " is still there");
    }
    LOG.info("deleted volume {} of {}", volume.get().getId(), instanceId);
  }
}
