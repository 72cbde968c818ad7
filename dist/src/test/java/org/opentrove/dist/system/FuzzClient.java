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
  private int answeredOnlyWhileWriting;

  FuzzClient(int port) {
    this.port = port;
  }

  record Answer(int status, String contentType, String body) {}

  Answer send(FuzzRequest request) throws IOException, InterruptedException {
    return request.raw() != null ? sendRaw(request.raw(), false) : sendHttp(request);
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

  /**
   * How many requests lost their answer to a reset but got it from a client that reads while it
   * writes: Jetty refuses some requests in its parser (an encoded NUL in the path) and closes
   * without reading the body, and a client still writing a large body then sees the reset before
   * the answer. The server did answer; a request it leaves unanswered fails this way too.
   */
  int answeredOnlyWhileWriting() {
    return answeredOnlyWhileWriting;
  }

  private Answer sendHttp(FuzzRequest request) throws IOException, InterruptedException {
    try {
      return sendHttp(http, request);
    } catch (IOException pooledConnectionClosed) {
      try {
        Answer answer = sendHttp(newClient(), request);
        answeredOnlyOnAFreshConnection++;
        return answer;
      } catch (IOException resetWhileWriting) {
        if (request.body() == null) {
          throw resetWhileWriting;
        }
        Answer answer = sendReadingWhileWriting(request);
        answeredOnlyWhileWriting++;
        return answer;
      }
    }
  }

  private Answer sendReadingWhileWriting(FuzzRequest request) throws IOException {
    StringBuilder head = new StringBuilder();
    head.append(request.method()).append(' ').append(request.path()).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1\r\nConnection: close\r\n");
    for (Map.Entry<String, String> header : request.headers().entrySet()) {
      head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    head.append("Content-Length: ").append(request.body().length).append("\r\n\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
    byte[] whole = new byte[headBytes.length + request.body().length];
    System.arraycopy(headBytes, 0, whole, 0, headBytes.length);
    System.arraycopy(request.body(), 0, whole, headBytes.length, request.body().length);
    return sendRaw(whole, true);
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

  /**
   * One request on its own connection, written byte for byte; with {@code readWhileWriting} a
   * thread writes while this one reads, and a write the server cut short is no error.
   */
  private Answer sendRaw(byte[] head, boolean readWhileWriting) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      Thread writer = null;
      if (readWhileWriting) {
        writer =
            new Thread(
                () -> {
                  try {
                    out.write(head);
                    out.flush();
                  } catch (IOException cutShort) {
                    // the server answered and closed before the whole body was sent
                  }
                });
        writer.start();
      } else {
        out.write(head);
        out.flush();
      }
      InputStream in = socket.getInputStream();
      byte[] raw = readUntilClosed(in);
      if (writer != null) {
        try {
          writer.join(30_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
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

  /** What arrived before the server closed (a reset after the answer keeps what was read). */
  private static byte[] readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
      }
    } catch (java.net.SocketException reset) {
      if (out.size() == 0) {
        throw reset;
      }
    }
    return out.toByteArray();
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
