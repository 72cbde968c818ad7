package org.opentrove.objects;

import java.io.IOException;
import org.openstack4j.api.exceptions.OS4JException;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;

/** Password authentication at Keystone v3, scoped to a project. */
final class KeystoneV3Auth implements SwiftAuth {
  private final String authUrl;
  private final String user;
  private final String password;
  private final String project;
  private final Identifier domain;

  KeystoneV3Auth(String authUrl, String user, String password, String project, String domain) {
    this.authUrl = authUrl;
    this.user = user;
    this.password = password;
    this.project = project;
    this.domain = domainIdentifier(domain);
  }

  @Override
  public Token authenticate() throws IOException {
    try {
      return OSFactory.builderV3()
          .endpoint(authUrl)
          .credentials(user, password, domain)
          .scopeToProject(Identifier.byName(project), domain)
          .authenticate()
          .getToken();
    } catch (OS4JException e) {
      throw new IOException("Swift authentication failed for " + describe() + ": " + reason(e));
    }
  }

  @Override
  public String describe() {
    return "user '" + user + "' of project '" + project + "' at Keystone v3 " + authUrl;
  }

  // Keystone's built-in domain has the id "default" and the name "Default"; names of other
  // domains are what operators write in configs.
  private static Identifier domainIdentifier(String domain) {
    if (domain == null || domain.isBlank() || domain.equals("default")) {
      return Identifier.byId("default");
    }
    return Identifier.byName(domain);
  }

  static String reason(Throwable e) {
    String message = e.getMessage();
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null && !cause.getMessage().equals(message)) {
      message = message + " (" + cause.getMessage() + ")";
    }
    return message;
  }
}
