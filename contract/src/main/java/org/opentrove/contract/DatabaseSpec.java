package org.opentrove.contract;

/** A database to create on a guest; {@code characterSet} and {@code collate} may be null. */
public record DatabaseSpec(String name, String characterSet, String collate) {}
