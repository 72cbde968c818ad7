package org.opentrove.temporal.api;

/**
 * The guest's last applied heartbeat as a workflow sees it: its service status and how many
 * heartbeats the conductor has applied so far, so a workflow can wait for one that came later.
 */
public record GuestHealth(String status, long heartbeats) {}
