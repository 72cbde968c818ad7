package org.opentrove.contract;

/**
 * One member of a cluster as the other members' datastores reach it: its address and the ports of
 * group communication, incremental state transfer and full state transfer.
 */
public record ClusterNode(String memberId, String host, int groupPort, int istPort, int sstPort) {}
