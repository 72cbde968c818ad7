package org.opentrove.api.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.opentrove.api.core.InstanceAdmin;
import org.opentrove.api.core.InstanceAdmin.Target;
import org.opentrove.api.core.RootHistory;
import org.opentrove.api.core.SchemaBodies;
import org.opentrove.api.errors.TroveError;
import org.opentrove.contract.GuestMethods;
import org.opentrove.contract.RootCredentials;

/**
 * Trove's root of an instance: enable (answers the password, this once; none is kept), show,
 * disable.
 */
@Path("/v1.0/{projectId}/instances/{instanceId}/root")
@Produces(MediaType.APPLICATION_JSON)
public class RootResource {
  private final InstanceAdmin admin;
  private final RootHistory history;
  private final ObjectMapper json;

  public RootResource(InstanceAdmin admin, RootHistory history, ObjectMapper json) {
    this.admin = admin;
    this.history = history;
    this.json = json;
  }

  /**
   * Trove's answer is whether root was ever enabled (its history); an instance whose root was
   * enabled before the history was kept is asked.
   */
  @GET
  public Map<String, Object> show(
      @PathParam("projectId") String projectId, @PathParam("instanceId") String instanceId) {
    Target target = admin.target(projectId, instanceId);
    return Map.of("rootEnabled", everEnabled(target));
  }

  /** The body is optional ({@code {"password": ...}}); clients send none to get a generated one. */
  @POST
  public Map<String, Object> enable(
      @PathParam("projectId") String projectId,
      @PathParam("instanceId") String instanceId,
      String body) {
    Target target = admin.target(projectId, instanceId);
    String password = password(body);
    JsonNode answer =
        admin.call(target, GuestMethods.ENABLE_ROOT, new RootCredentials(null, password));
    history.recordEnabled(target.instance().id());
    return Map.of(
        "user",
        Map.of("name", answer.path("name").asText(), "password", answer.path("password").asText()));
  }

  @DELETE
  public Response disable(
      @PathParam("projectId") String projectId, @PathParam("instanceId") String instanceId) {
    Target target = admin.target(projectId, instanceId);
    if (!everEnabled(target)) {
      throw TroveError.notFound("Root user has never been enabled on the instance.");
    }
    admin.call(target, GuestMethods.DISABLE_ROOT, Map.of());
    return Response.noContent().build();
  }

  private boolean everEnabled(Target target) {
    return history.everEnabled(target.instance().id())
        || admin.call(target, GuestMethods.IS_ROOT_ENABLED, Map.of()).path("enabled").asBoolean();
  }

  private String password(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    JsonNode parsed;
    try {
      parsed = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw TroveError.badRequest("The request body is not valid JSON.");
    }
    if (!parsed.isObject()) {
      throw TroveError.badRequest("The request body must be an object.");
    }
    return SchemaBodies.password(parsed);
  }
}
