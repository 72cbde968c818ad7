package org.opentrove.objects;

/** An object as written: its name, its size in bytes and the SHA-256 of its content (hex). */
public record StoredObject(String name, long size, String sha256) {}
