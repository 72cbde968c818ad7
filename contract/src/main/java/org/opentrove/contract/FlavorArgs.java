package org.opentrove.contract;

/** Args of {@link GuestMethods#APPLY_FLAVOR}: the new flavor's memory, in MB. */
public record FlavorArgs(int memoryMb) {}
