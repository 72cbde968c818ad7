package org.opentrove.api.resources;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentrove.api.core.InstanceAdmin;
import org.opentrove.api.core.InstanceAdmin.Target;
import org.opentrove.api.core.JsonFields;
import org.opentrove.api.core.NameRules;
import org.opentrove.api.core.SchemaBodies;
import org.opentrove.api.core.UserIds;
import org.opentrove.api.errors.TroveError;
import org.opentrove.contract.GuestMethods;
import org.opentrove.contract.UserAccessArgs;
import org.opentrove.contract.UserRef;
import org.opentrove.contract.UserSpec;
import org.opentrove.contract.UserUpdateArgs;
import org.opentrove.contract.UsersArgs;

/**
 * Trove's users of an instance: list, create, show, update attributes, delete, change passwords,
 * and a user's access: list, grant, revoke. A user in the URL is {@code name} or {@code name@host}.
 */
@Path("/v1.0/{projectId}/instances/{instanceId}/users")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {
  private final InstanceAdmin admin;

  public UsersResource(InstanceAdmin admin) {
    this.admin = admin;
  }

  @GET
  public Map<String, Object> list(
      @PathParam("projectId") String projectId, @PathParam("instanceId") String instanceId) {
    Target target = admin.target(projectId, instanceId);
    List<Map<String, Object>> users = new ArrayList<>();
    for (JsonNode user : admin.call(target, GuestMethods.LIST_USERS, Map.of())) {
      users.add(userView(user));
    }
    return Map.of("users", users, "links", List.of());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(
      @PathParam("projectId") String projectId,
      @PathParam("instanceId") String instanceId,
      JsonNode body) {
    Target target = admin.target(projectId, instanceId);
    List<UserSpec> users = target.schemas().users(body == null ? null : body.get("users"));
    if (users.isEmpty()) {
      throw TroveError.badRequest("The body must hold a non-empty list 'users'.");
    }
    admin.call(target, GuestMethods.CREATE_USER, new UsersArgs(users));
    return Response.accepted().build();
  }

  /** Changes the passwords of several users: {@code {"users": [{"name", "host", "password"}]}}. */
  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public Response changePasswords(
      @PathParam("projectId") String projectId,
      @PathParam("instanceId") String instanceId,
      JsonNode body) {
    Target target = admin.target(projectId, instanceId);
    JsonNode list = body == null ? null : body.get("users");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw TroveError.badRequest("The body must hold a non-empty list 'users'.");
    }
    List<UserSpec> users = new ArrayList<>();
    for (JsonNode user : list) {
      if (!user.isObject()) {
        throw TroveError.badRequest("Each user must be an object with 'name' and 'password'.");
      }
      users.add(
          new UserSpec(
              target.rules().user(text(user, "name")),
              NameRules.password(SchemaBodies.password(user)),
              target.rules().host(text(user, "host")),
              List.of()));
    }
    admin.call(target, GuestMethods.CHANGE_PASSWORDS, new UsersArgs(users));
    return Response.accepted().build();
  }

  @GET
  @Path("/{user}")
  public Map<String, Object> show(
      @PathParam("projectId") String projectId,
      @PathParam("instanceId") String instanceId,
      @PathParam("user") String user) {
    Target target = admin.target(projectId, instanceId);
    UserRef ref = UserIds.parse(user, target.rules());
    return Map.of("user", userView(admin.call(target, GuestMethods.GET_USER, ref)));
  }

  /** Trove's update attributes: {@code {"user": {"name", "host", "password"}}}, each optional. */
  @PUT
  @Path("/{user}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response update(
      @PathParam("projectId") String projectId,
      @PathParam("instanceId") String instanceId,
      @PathParam("user") String user,
      JsonNode body) {
    Target target = admin.target(projectId, instanceId);
    UserRef ref = UserIds.parse(user, target.rules());
    JsonNode changes = body == null ? null : body.get("user");
    if (changes == null || !changes.isObject() || changes.isEmpty()) {
      throw TroveError.badRequest("The body must hold an object 'user' with what to change.");
    }
    String newName = text(changes, "name");
    String newHost = text(changes, "host");
    String newPassword = SchemaBodies.password(changes);
    admin.call(
        target,
        GuestMethods.UPDATE_ATTRIBUTES,
        new UserUpdateArgs(
            ref,
            newName == null ? null : target.rules().user(newName),
            newHost == null ? null : target.rules().host(newHost),
            newPassword == null ? null : NameRules.password(newPassword)));
    return Response.accepted().build();
  }

  @DELETE
  @Path("/{user}")
  public Response delete(
      @PathParam("projectId") String projectId,
      @PathParam("instanceId") String instanceId,
      @PathParam("user") String user) {
    Target target = admin.target(projectId, instanceId);
    admin.call(target, GuestMethods.DELETE_USER, UserIds.parse(user, target.rules()));
    return Response.accepted().build();
  }

  @GET
  @Path("/{user}/databases")
  public Map<String, Object> listAccess(
      @PathParam("projectId") String projectId,
      @PathParam("instanceId") String instanceId,
      @PathParam("user") String user) {
    Target target = admin.target(projectId, instanceId);
    JsonNode databases =
        admin.call(target, GuestMethods.LIST_ACCESS, UserIds.parse(user, target.rules()));
    List<Map<String, Object>> view = new ArrayList<>();
    databases.forEach(db -> view.add(Map.of("name", db.asText())));
    return Map.of("databases", view);
  }

  @PUT
  @Path("/{user}/databases")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response grant(
      @PathParam("projectId") String projectId,
      @PathParam("instanceId") String instanceId,
      @PathParam("user") String user,
      JsonNode body) {
    Target target = admin.target(projectId, instanceId);
    UserRef ref = UserIds.parse(user, target.rules());
    List<String> databases =
        target.schemas().databaseNames(body == null ? null : body.get("databases"));
    if (databases.isEmpty()) {
      throw TroveError.badRequest("The body must hold a non-empty list 'databases'.");
    }
    admin.call(target, GuestMethods.GRANT_ACCESS, new UserAccessArgs(ref, databases));
    return Response.accepted().build();
  }

  @DELETE
  @Path("/{user}/databases/{database}")
  public Response revoke(
      @PathParam("projectId") String projectId,
      @PathParam("instanceId") String instanceId,
      @PathParam("user") String user,
      @PathParam("database") String database) {
    Target target = admin.target(projectId, instanceId);
    UserRef ref = UserIds.parse(user, target.rules());
    String name = target.rules().database(database);
    admin.call(target, GuestMethods.REVOKE_ACCESS, new UserAccessArgs(ref, List.of(name)));
    return Response.accepted().build();
  }

  private static Map<String, Object> userView(JsonNode user) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", user.path("name").asText());
    view.put("host", user.path("host").asText("%"));
    List<Map<String, Object>> databases = new ArrayList<>();
    user.path("databases").forEach(db -> databases.add(Map.of("name", db.asText())));
    view.put("databases", databases);
    return view;
  }

  private static String text(JsonNode node, String field) {
    return JsonFields.optionalString(node, field);
  }
}
