package org.opentrove.contract;

import java.util.List;

/** A user as a guest reports it: name, host and the databases it may use. */
public record UserInfo(String name, String host, List<String> databases) {

  public UserInfo {
    databases = databases == null ? List.of() : List.copyOf(databases);
  }
}
