package org.opentrove.contract;

/** A user on a guest: its name and the host it may connect from ({@code %} for any). */
public record UserRef(String name, String host) {}
