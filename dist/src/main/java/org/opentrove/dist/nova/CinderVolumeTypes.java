package org.opentrove.dist.nova;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.opentrove.activities.openstack.OpenStackSession;
import org.opentrove.api.core.VolumeType;
import org.opentrove.api.core.VolumeTypes;
import org.opentrove.api.errors.TroveError;

/**
 * Cinder's public volume types, asked for on every call as Trove does, with the control plane's own
 * credentials. A project's private types are left out: those credentials would see every project's.
 */
public final class CinderVolumeTypes implements VolumeTypes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenStackSession session;

  public CinderVolumeTypes(OpenStackSession session) {
    this.session = session;
  }

  @Override
  public List<VolumeType> list() {
    HttpResponse<String> response;
    try {
      response = session.call("volumev3", "GET", "/types?is_public=true", null, null);
    } catch (IOException | RuntimeException e) {
      throw unavailable(e.getMessage());
    }
    if (response.statusCode() != 200) {
      throw unavailable("Cinder answered " + response.statusCode());
    }
    List<VolumeType> types = new ArrayList<>();
    try {
      for (JsonNode type : JSON.readTree(response.body()).path("volume_types")) {
        types.add(
            new VolumeType(
                type.path("id").asText(),
                type.path("name").asText(),
                type.path("is_public").asBoolean(true),
                type.path("description").isNull() ? null : type.path("description").asText()));
      }
    } catch (IOException e) {
      throw unavailable("Cinder's answer is not JSON");
    }
    return types;
  }

  private static TroveError unavailable(String why) {
    return new TroveError(
        503, "serviceUnavailable", "The volume service cannot list its volume types: " + why);
  }
}
