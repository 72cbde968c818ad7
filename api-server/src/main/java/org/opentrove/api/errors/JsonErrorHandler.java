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
import org.opentrove.api.http.UnreadBody;

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
   * A path Jetty refuses (an encoded NUL, an ambiguous segment) is answered before its body was
   * read: drain it as the API's own refusals do.
   */
  private static void drainBody(HttpServletRequest request) {
    try {
      UnreadBody.drain(request.getInputStream());
    } catch (IOException | RuntimeException e) {
      // the body's stream is gone already: nothing to drain
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
