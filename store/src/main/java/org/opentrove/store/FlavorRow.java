package org.opentrove.store;

public record FlavorRow(
    String id, String name, int ramMb, int vcpus, int diskGb, int ephemeralGb) {}
