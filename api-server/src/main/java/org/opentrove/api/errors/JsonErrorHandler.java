package org.opentrove.api.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * What Jetty answers itself, before a request reaches the API (a URI or headers too long, a request
 * its parser refuses, an ambiguous path), in Trove's fault shape instead of Jetty's HTML page.
 * Never a stack trace.
 */
public class JsonErrorHandler extends ErrorHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  public JsonErrorHandler() {
    setShowStacks(false);
    setShowServlet(false);
  }

  /** Makes this the server's handler as it starts (Dropwizard builds the server after run()). */
  public LifeCycle.Listener installer() {
    return new LifeCycle.Listener() {
      @Override
      public void lifeCycleStarting(LifeCycle event) {
        if (event instanceof Server server) {
          server.getBeans(ErrorHandler.class).stream()
              .filter(h -> h != JsonErrorHandler.this)
              .forEach(server::removeBean);
          server.setErrorHandler(JsonErrorHandler.this);
        }
      }
    };
  }

  /** Every method gets a body (Jetty's default gives one to GET, POST and HEAD only). */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    baseRequest.setHandled(true);
    drainBody(request);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getOutputStream().write(body(code, message));
  }

  /**
   * Reads what is left of the refused request's body (up to 1 MiB), as {@code UnreadBodyFilter}
   * does for the API's own refusals: a path Jetty refuses (an encoded NUL, an ambiguous segment) is
   * answered before its body was read, and closing a connection the client still writes to ends in
   * a reset that can discard the answer at the client.
   */
  private static void drainBody(HttpServletRequest request) {
    try {
      java.io.InputStream body = request.getInputStream();
      byte[] buffer = new byte[8192];
      long read = 0;
      for (int n = body.read(buffer); n >= 0 && read < (1 << 20); n = body.read(buffer)) {
        read += n;
      }
    } catch (IOException | RuntimeException e) {
      // read already, or the client went away: nothing to drain
    }
  }

  /** A request the HTTP parser refused (400, 414, 431, ...): no servlet ever saw it. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body(status, reason));
  }

  static byte[] body(int code, String reason) {
    String phrase = HttpStatus.getMessage(code);
    String message = reason == null || reason.isBlank() || reason.equals(phrase) ? phrase : reason;
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("code", code);
    detail.put("message", message);
    try {
      return JSON.writeValueAsBytes(Map.of(FaultNames.of(code), detail));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
