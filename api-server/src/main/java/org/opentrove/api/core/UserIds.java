package org.opentrove.api.core;

import org.opentrove.contract.UserRef;

/**
 * A user in a URL, as Trove's clients write it: {@code name} or {@code name@host} (URL-encoded,
 * with {@code .} as {@code %2e}). The host is what follows the last {@code @}.
 */
public final class UserIds {
  private UserIds() {}

  public static UserRef parse(String id, NameRules rules) {
    int at = id == null ? -1 : id.lastIndexOf('@');
    String name = at < 0 ? id : id.substring(0, at);
    String host = at < 0 ? null : id.substring(at + 1);
    return new UserRef(rules.user(name), rules.host(host));
  }
}
