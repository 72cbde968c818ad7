package org.opentrove.api.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opentrove.api.core.InputText;
import org.opentrove.api.errors.FaultBody;

/**
 * Refuses, before any resource runs, what no resource could read: a URL whose decoded path or query
 * holds control characters (400; a NUL cannot even be looked up in PostgreSQL), a {@code
 * Content-Type} that does not parse (400), and a body in a character set other than UTF-8, JSON's
 * only one (415 {@code badMediaType}; an unknown charset used to reach the body reader and fail
 * there as a 500).
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 10)
public class RequestShapeFilter implements ContainerRequestFilter {
  private static final Set<String> UTF8 = Set.of("utf-8", "utf8", "us-ascii");

  @Override
  public void filter(ContainerRequestContext request) {
    if (!cleanUrl(request.getUriInfo())) {
      request.abortWith(
          FaultBody.response(
              400, "badRequest", "The URL must not contain control characters or broken Unicode."));
      return;
    }
    String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
    if (contentType == null) {
      return;
    }
    MediaType type;
    try {
      type = MediaType.valueOf(contentType);
    } catch (RuntimeException e) {
      request.abortWith(
          FaultBody.response(400, "badRequest", "The Content-Type header cannot be parsed."));
      return;
    }
    String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
    if (charset != null && !UTF8.contains(charset.trim().toLowerCase(Locale.ROOT))) {
      request.abortWith(
          FaultBody.response(
              415,
              "badMediaType",
              "Request bodies must be JSON in UTF-8; the character set '"
                  + printable(charset)
                  + "' is not supported."));
    }
  }

  private static boolean cleanUrl(UriInfo uri) {
    try {
      for (PathSegment segment : uri.getPathSegments(true)) {
        if (InputText.firstInvalid(segment.getPath()) >= 0
            || !clean(segment.getMatrixParameters())) {
          return false;
        }
      }
      return clean(uri.getQueryParameters(true));
    } catch (IllegalArgumentException e) {
      return false; // a percent escape that does not decode
    }
  }

  private static boolean clean(Map<String, List<String>> params) {
    for (Map.Entry<String, List<String>> param : params.entrySet()) {
      if (InputText.firstInvalid(param.getKey()) >= 0
          || param.getValue().stream().anyMatch(v -> InputText.firstInvalid(v) >= 0)) {
        return false;
      }
    }
    return true;
  }

  private static String printable(String value) {
    String cut = value.length() > 40 ? value.substring(0, 40) + "..." : value;
    return InputText.firstInvalid(cut) >= 0 ? "?" : cut;
  }
}
