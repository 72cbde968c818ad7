package org.opentrove.contract;

/** Args of {@link GuestMethods#SET_SYNCHRONOUS}. */
public record SynchronousArgs(boolean synchronous) {}
