package org.opentrove.dist.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Sends fuzz requests: through {@link HttpClient} when the request is valid HTTP, over a raw socket
 * when it is not (a request line or headers no client library would write).
 */
final class FuzzClient {
  private final int port;
  private final HttpClient http = newClient();
  private int answeredOnlyOnAFreshConnection;

  FuzzClient(int port) {
    this.port = port;
  }

  record Answer(int status, String contentType, String body) {}

  Answer send(FuzzRequest request) throws IOException, InterruptedException {
    return request.raw() != null ? sendRaw(request.raw()) : sendHttp(request);
  }

  /**
   * How many requests got no answer on a pooled connection but one on a new connection: the server
   * had closed the pooled connection between requests (a race the client's pool cannot always see).
   * A request the server itself leaves unanswered fails on a new connection too.
   */
  int answeredOnlyOnAFreshConnection() {
    return answeredOnlyOnAFreshConnection;
  }

  private static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  private Answer sendHttp(FuzzRequest request) throws IOException, InterruptedException {
    try {
      return sendHttp(http, request);
    } catch (IOException pooledConnectionClosed) {
      Answer answer = sendHttp(newClient(), request);
      answeredOnlyOnAFreshConnection++;
      return answer;
    }
  }

  private Answer sendHttp(HttpClient client, FuzzRequest request)
      throws IOException, InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + request.path()))
            .timeout(Duration.ofSeconds(60));
    for (Map.Entry<String, String> header : request.headers().entrySet()) {
      builder.header(header.getKey(), header.getValue());
    }
    builder.method(
        request.method(),
        request.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    HttpResponse<byte[]> response =
        client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        new String(response.body(), StandardCharsets.UTF_8));
  }

  /** One request on its own connection, written byte for byte. */
  private Answer sendRaw(byte[] head) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head);
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] raw = in.readAllBytes();
      int split = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
      if (split < 0) {
        return new Answer(0, "", new String(raw, StandardCharsets.ISO_8859_1));
      }
      String headers = new String(raw, 0, split, StandardCharsets.ISO_8859_1);
      byte[] body = java.util.Arrays.copyOfRange(raw, split + 4, raw.length);
      String contentType = "";
      boolean chunked = false;
      for (String line : headers.split("\r\n")) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-type:")) {
          contentType = line.substring("content-type:".length()).trim();
        }
        chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
      }
      String[] statusLine = headers.split(" ", 3);
      int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : 0;
      return new Answer(
          status, contentType, new String(chunked ? unchunk(body) : body, StandardCharsets.UTF_8));
    }
  }

  private static byte[] unchunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] crlf = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
    int at = 0;
    while (at < chunked.length) {
      int lineEnd = indexOf(chunked, crlf, at);
      if (lineEnd < 0) {
        break;
      }
      int size =
          Integer.parseInt(
              new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).trim(), 16);
      if (size == 0) {
        break;
      }
      out.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
      at = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
