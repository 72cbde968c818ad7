package org.opentrove.store;

/** What a project's live rows hold: instances, RAM in MB, volume GB and backups. */
public record QuotaUsageRow(long instances, long ram, long volumes, long backups) {}
