package org.opentrove.activities.compute.nova;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.network.SecurityGroup;
import org.openstack4j.model.network.SecurityGroupRule;
import org.opentrove.activities.openstack.OpenStackSession;

/**
 * Each instance's own Neutron security group: ingress only to its datastore's port (Neutron's
 * default egress rules stay). Named for the instance, so a retry finds the one it made.
 */
final class InstanceSecurityGroups {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenStackSession session;

  /** The owner's tag, as it goes into a URL. */
  private final String ownerTag;

  InstanceSecurityGroups(OpenStackSession session, String owner) {
    this.session = session;
    this.ownerTag = URLEncoder.encode(NovaNames.ownerTag(owner), StandardCharsets.UTF_8);
  }

  /** The instance's group with its one ingress rule, made if missing; answers its name. */
  String ensure(String instanceId, int port) {
    OSClientV3 os = session.client();
    String name = NovaNames.of(instanceId);
    SecurityGroup group =
        os.networking().securitygroup().list(Map.of("name", name)).stream()
            .map(g -> (SecurityGroup) g)
            .findFirst()
            .orElseGet(
                () ->
                    os.networking()
                        .securitygroup()
                        .create(
                            Builders.securityGroup()
                                .name(name)
                                .description("OpenTrove instance " + instanceId)
                                .build()));
    tag(group.getId());
    boolean hasRule =
        group.getRules() != null
            && group.getRules().stream()
                .anyMatch(
                    r ->
                        "ingress".equals(r.getDirection())
                            && "tcp".equals(r.getProtocol())
                            && r.getPortRangeMin() != null
                            && r.getPortRangeMin() == port);
    if (!hasRule) {
      SecurityGroupRule rule =
          Builders.securityGroupRule()
              .securityGroupId(group.getId())
              .direction("ingress")
              .ethertype("IPv4")
              .protocol("tcp")
              .portRangeMin(port)
              .portRangeMax(port)
              .build();
      os.networking().securityrule().create(rule);
    }
    return name;
  }

  // OpenStack4j knows no Neutron tags. Adding a tag twice is a no-op, so a retry re-tags.
  private void tag(String groupId) {
    HttpResponse<String> response =
        raw("PUT", "/v2.0/security-groups/" + groupId + "/tags/" + ownerTag);
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "tagging security group " + groupId + " failed: " + response.statusCode());
    }
  }

  /** The instances' groups this owner made, by their tag. */
  List<Made> madeBy() {
    HttpResponse<String> response = raw("GET", "/v2.0/security-groups?tags=" + ownerTag);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("listing security groups failed: " + response.statusCode());
    }
    List<Made> made = new ArrayList<>();
    try {
      for (JsonNode group : JSON.readTree(response.body()).path("security_groups")) {
        Optional<String> instance = NovaNames.instanceOf(group.path("name").asText());
        String created = group.path("created_at").asText("");
        instance.ifPresent(
            id ->
                made.add(new Made(id, created.isEmpty() ? Instant.now() : Instant.parse(created))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return made;
  }

  private HttpResponse<String> raw(String method, String path) {
    try {
      return session.call("network", method, path, null, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes the instance's groups (its server must be gone: a port in use keeps its group). */
  void delete(String instanceId) {
    OSClientV3 os = session.client();
    for (SecurityGroup group :
        os.networking().securitygroup().list(Map.of("name", NovaNames.of(instanceId)))) {
      NovaServers.check(
          os.networking().securitygroup().delete(group.getId()),
          "deleting security group " + group.getId());
    }
  }
}
