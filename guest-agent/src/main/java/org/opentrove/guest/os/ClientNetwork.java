package org.opentrove.guest.os;

/** Where the datastore's clients connect from, and so where it listens and whom it lets in. */
public enum ClientNetwork {
  /** A host process: 127.0.0.1 only (the host's other tenants must not reach it). */
  LOCAL,
  /** A container: its bridge network (the published port arrives from the bridge's gateway). */
  SAME_NETWORK,
  /** Its own server (Nova): any address, the server's security group deciding who gets there. */
  ANY
}
