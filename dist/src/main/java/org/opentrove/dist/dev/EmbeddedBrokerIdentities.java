package org.opentrove.dist.dev;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.Principal;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.login.AccountNotFoundException;
import org.apache.qpid.server.model.AccessControlProvider;
import org.apache.qpid.server.model.AuthenticationProvider;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.PasswordCredentialManagingAuthenticationProvider;
import org.opentrove.contract.Topology;
import org.opentrove.contract.bus.BrokerIdentities;
import org.opentrove.contract.bus.GuestIdentity;

/**
 * Guest identities on the embedded Qpid Broker-J, through its in-process model: a user in the
 * {@code plain} authentication provider, and rules in the broker's rule-based access control (first
 * match wins; what no rule allows is denied): the control plane's user may do everything; a guest
 * may connect, consume its own queue and publish to the conductor exchange (the conductor queue's
 * key only) and to the reply exchange. The rules are rewritten whole on every change.
 */
final class EmbeddedBrokerIdentities implements BrokerIdentities {
  static final String PROVIDER = "acl";
  private static final String AUTHENTICATION = "plain";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Broker<?> broker;
  private final Subject system;
  private final Map<String, List<Map<String, Object>>> guestRules = new LinkedHashMap<>();

  EmbeddedBrokerIdentities(Broker<?> broker, Principal systemPrincipal) {
    this.broker = broker;
    this.system = new Subject(true, Set.of(systemPrincipal), Set.of(), Set.of());
  }

  @Override
  public synchronized void create(GuestIdentity identity, Topology topology) throws IOException {
    asSystem(
        () -> {
          PasswordCredentialManagingAuthenticationProvider<?> users = users();
          if (users.getUsers().containsKey(identity.user())) {
            users.setPassword(identity.user(), identity.password());
          } else {
            users.createUser(identity.user(), identity.password(), Map.of());
          }
          guestRules.put(identity.instanceId(), guestRules(identity, topology));
          applyRules();
          return null;
        });
  }

  @Override
  public synchronized void remove(String instanceId) throws IOException {
    asSystem(
        () -> {
          guestRules.remove(instanceId);
          applyRules();
          try {
            users().deleteUser(GuestIdentity.userOf(instanceId));
          } catch (AccountNotFoundException e) {
            // removed before: nothing to do
          }
          return null;
        });
  }

  /** The rules with no guest yet, for the broker's initial configuration. */
  static String rulesJson(List<Map<String, Object>> guests) {
    try {
      return JSON.writeValueAsString(allRules(guests));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void applyRules() {
    List<Map<String, Object>> guests = new ArrayList<>();
    guestRules.values().forEach(guests::addAll);
    AccessControlProvider<?> acl = broker.getChildByName(AccessControlProvider.class, PROVIDER);
    acl.setAttributes(Map.of("rules", allRules(guests)));
  }

  private static List<Map<String, Object>> allRules(List<Map<String, Object>> guests) {
    List<Map<String, Object>> rules = new ArrayList<>();
    rules.add(rule(EmbeddedBroker.CONTROL_PLANE_USER, "ALL", "ALL", Map.of()));
    rules.addAll(guests);
    return rules;
  }

  private static List<Map<String, Object>> guestRules(GuestIdentity identity, Topology topology) {
    String user = identity.user();
    return List.of(
        rule(user, "VIRTUALHOST", "ACCESS", Map.of()),
        rule(user, "QUEUE", "CONSUME", Map.of("NAME", topology.guestQueue(identity.instanceId()))),
        rule(
            user,
            "EXCHANGE",
            "PUBLISH",
            Map.of("NAME", topology.conductorExchange(), "ROUTING_KEY", topology.conductorQueue())),
        rule(user, "EXCHANGE", "PUBLISH", Map.of("NAME", topology.replyExchange())));
  }

  private static Map<String, Object> rule(
      String identity, String objectType, String operation, Map<String, String> attributes) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("identity", identity);
    rule.put("objectType", objectType);
    rule.put("operation", operation);
    rule.put("attributes", attributes);
    rule.put("outcome", "ALLOW");
    return rule;
  }

  private PasswordCredentialManagingAuthenticationProvider<?> users() {
    AuthenticationProvider<?> provider =
        broker.getChildByName(AuthenticationProvider.class, AUTHENTICATION);
    return (PasswordCredentialManagingAuthenticationProvider<?>) provider;
  }

  @SuppressWarnings("removal") // Qpid's model checks access against the calling Subject
  private <T> T asSystem(PrivilegedExceptionAction<T> action) throws IOException {
    try {
      return Subject.doAs(system, action);
    } catch (java.security.PrivilegedActionException e) {
      throw new IOException(
          "the embedded broker refused a change to guest identities", e.getCause());
    } catch (RuntimeException e) {
      throw new IOException("the embedded broker refused a change to guest identities", e);
    }
  }
}
