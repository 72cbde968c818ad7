package org.opentrove.activities.compute.nova;

import java.util.Properties;
import org.opentrove.activities.compute.GuestSettingsFile;
import org.opentrove.contract.GuestSettings;
import org.opentrove.temporal.activities.compute.CreateServerRequest;

/**
 * A server's user data: the guest agent's settings as the image's init hands them over
 * (dist/guest-image/opentrove-guest-init). The volume is mounted at {@code guestDataDir} and the
 * datastore runs in the server itself, listening for the security group to filter.
 */
public final class NovaUserData {
  private final GuestSettingsFile settings;
  private final String guestDataDir;

  public NovaUserData(GuestSettingsFile settings, String guestDataDir) {
    this.settings = settings;
    this.guestDataDir = guestDataDir;
  }

  public String text(CreateServerRequest request) {
    Properties props = settings.forInstance(request.instanceId(), request.datastore());
    props.setProperty(GuestSettings.DATA_DIR, guestDataDir);
    props.setProperty(GuestSettings.RUNTIME, GuestSettings.RUNTIME_PROCESS);
    props.setProperty(GuestSettings.OWN_SERVER, "true");
    props.setProperty(GuestSettings.MEMORY_MB, Integer.toString(request.ramMb()));
    props.setProperty(GuestSettings.VCPUS, Integer.toString(Math.max(1, request.vcpus())));
    return GuestSettingsFile.text(props, "guest agent settings");
  }
}
