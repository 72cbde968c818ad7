package org.opentrove.contract;

/** Args of {@link GuestMethods#RESIZE_FS}: the size the volume grew to, in GB. */
public record VolumeSizeArgs(int sizeGb) {}
