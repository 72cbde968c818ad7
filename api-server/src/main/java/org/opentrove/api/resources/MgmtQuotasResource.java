package org.opentrove.api.resources;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentrove.api.auth.AdminContext;
import org.opentrove.api.auth.Caller;
import org.opentrove.api.errors.TroveError;
import org.opentrove.api.quota.QuotaUsage;
import org.opentrove.api.quota.Quotas;

/**
 * Trove's quota management ({@code openstack database quota show|update}): a project sees its own
 * quotas, an administrator any project's; only an administrator sets them.
 */
@Path("/v1.0/{projectId}/mgmt/quotas/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class MgmtQuotasResource {
  private final Quotas quotas;

  public MgmtQuotasResource(Quotas quotas) {
    this.quotas = quotas;
  }

  @GET
  public Map<String, Object> show(
      @PathParam("projectId") String projectId,
      @PathParam("id") String id,
      @Context ContainerRequestContext request) {
    if (!id.equals(projectId) && !Caller.of(request).admin()) {
      throw TroveError.forbidden("Operation not allowed for tenant " + projectId + ".");
    }
    List<Map<String, Object>> rows = quotas.usage(id).stream().map(this::row).toList();
    return Map.of("quotas", rows);
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, Object> update(
      @PathParam("id") String id, JsonNode body, @Context ContainerRequestContext request) {
    AdminContext.require(request);
    return Map.of("quotas", quotas.update(id, body));
  }

  private Map<String, Object> row(QuotaUsage usage) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("resource", usage.resource().troveName());
    row.put("in_use", usage.inUse());
    row.put("reserved", usage.reserved());
    row.put("limit", usage.limit());
    return row;
  }
}
