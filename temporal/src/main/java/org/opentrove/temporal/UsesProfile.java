package org.opentrove.temporal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the activity profile (see {@link ActivityProfiles}) an activity method runs under, beside
 * the method itself; methods without it run under {@code default}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface UsesProfile {
  String value();
}
