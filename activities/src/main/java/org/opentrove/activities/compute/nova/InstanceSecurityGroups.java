package org.opentrove.activities.compute.nova;

import java.util.Map;
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
  private final OpenStackSession session;

  InstanceSecurityGroups(OpenStackSession session) {
    this.session = session;
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
