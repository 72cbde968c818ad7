package org.opentrove.contract;

import java.util.List;

/** A user to create on a guest with access to {@code databases}. */
public record UserSpec(String name, String password, String host, List<String> databases) {

  public UserSpec {
    databases = databases == null ? List.of() : List.copyOf(databases);
  }

  @Override
  public String toString() {
    return "UserSpec[name=" + name + ", host=" + host + ", databases=" + databases + "]";
  }
}
