package org.opentrove.contract;

/**
 * The superuser a tenant enabled and its password: args of {@link GuestMethods#ENABLE_ROOT} (a null
 * password asks the guest to generate one) and its result.
 */
public record RootCredentials(String name, String password) {

  @Override
  public String toString() {
    return "RootCredentials[name=" + name + ", password=***]";
  }
}
