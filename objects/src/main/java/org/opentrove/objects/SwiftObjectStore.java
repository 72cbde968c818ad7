package org.opentrove.objects;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.Okio;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.OS4JException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.common.DLPayload;
import org.openstack4j.model.identity.v3.Endpoint;
import org.openstack4j.model.identity.v3.Service;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.model.storage.object.SwiftObject;
import org.openstack4j.model.storage.object.options.ObjectListOptions;
import org.openstack4j.openstack.OSFactory;

/**
 * Objects in one Swift container, reached through OpenStack4j with a Keystone v3 token or, via
 * {@link TempAuth}, a tempauth one. The container is created when a put finds it missing.
 *
 * <p>Uploads do not go through OpenStack4j: both of its connectors buffer a request body (OkHttp in
 * memory, RESTEasy in memory and then in a temporary file), so a put is a chunked PUT of its own
 * that streams, and compares Swift's ETag with the MD5 of what was read.
 *
 * <p>Tokens are renewed shortly before they expire and whenever Swift answers 401. A streamed body
 * cannot be sent twice, so a put first checks token and container with a HEAD; a token that Swift
 * refuses in the second or so between that HEAD and the upload fails the put.
 *
 * <p>Known limit: Swift refuses objects larger than 5 GiB ({@code max_file_size}); such a put fails
 * with Swift's 413 once the limit is passed. Bigger backups need segments (a static large object),
 * which this store does not write yet.
 */
public final class SwiftObjectStore implements ObjectStore {
  /** Swift's default {@code container_listing_limit}: the most one listing request returns. */
  static final int PAGE_SIZE = 10_000;

  private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);
  private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");
  private static final Config CONFIG =
      Config.newConfig().withConnectionTimeout(30_000).withReadTimeout(120_000);

  private final SwiftAuth auth;
  private final String region;
  private final String container;
  private final int pageSize;
  private final OkHttpClient http;
  private Token token; // guarded by this

  SwiftObjectStore(
      SwiftAuth auth, String region, String container, int pageSize, OkHttpClient http) {
    this.auth = auth;
    this.region = region == null || region.isBlank() ? null : region;
    this.container = container;
    this.pageSize = pageSize;
    this.http = http;
  }

  static SwiftObjectStore open(ObjectStoreConfig config) {
    return open(config, PAGE_SIZE);
  }

  static SwiftObjectStore open(ObjectStoreConfig config, int pageSize) {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(30, TimeUnit.SECONDS)
            .writeTimeout(120, TimeUnit.SECONDS)
            .readTimeout(120, TimeUnit.SECONDS)
            .build();
    return new SwiftObjectStore(
        auth(config, http), config.region, config.container, pageSize, http);
  }

  static SwiftAuth auth(ObjectStoreConfig config, OkHttpClient http) {
    return switch (config.authVersion) {
      case 3 ->
          new KeystoneV3Auth(
              config.authUrl, config.user, config.key, config.project, config.domain);
      case 1 -> new TempAuth(config.authUrl, config.user, config.key, config.region, http);
      default ->
          throw new IllegalArgumentException(
              "unknown Swift authVersion " + config.authVersion + " (3: Keystone v3, 1: tempauth)");
    };
  }

  @Override
  public StoredObject put(String name, InputStream data) throws IOException {
    String path = objectPath(name);
    Token current = readyToWrite();
    HashingInputStream hashing = new HashingInputStream(data);
    MessageDigest md5 = md5();
    Request request =
        new Request.Builder()
            .url(storageUrl(current) + path)
            .header("X-Auth-Token", current.getId())
            .put(streaming(new DigestInputStream(hashing, md5)))
            .build();
    int status;
    String etag;
    String body;
    try (Response response = http.newCall(request).execute()) {
      status = response.code();
      etag = response.header("ETag", "").replace("\"", "");
      body = response.body() == null ? "" : response.body().string();
    } catch (IOException e) {
      throw new IOException(
          "upload of "
              + name
              + " into "
              + describe()
              + " failed after "
              + hashing.count()
              + " bytes: "
              + KeystoneV3Auth.reason(e),
          e);
    }
    if (status == 413) {
      throw new IOException(
          "Swift refused "
              + name
              + " in "
              + describe()
              + " as too large after "
              + hashing.count()
              + " bytes: objects over 5 GiB need segments, which this store does not write");
    }
    if (status != 201) {
      throw new IOException(
          "Swift answered HTTP "
              + status
              + " to the upload of "
              + name
              + " into "
              + describe()
              + (status == 401 ? " (the token was refused during the upload)" : "")
              + ": "
              + brief(body));
    }
    String sent = HexFormat.of().formatHex(md5.digest());
    if (!sent.equalsIgnoreCase(etag)) {
      delete(name);
      throw new IOException(
          "Swift stored "
              + name
              + " in "
              + describe()
              + " with ETag "
              + etag
              + " but the data sent has MD5 "
              + sent
              + ": the object was corrupted on the way and has been deleted");
    }
    return new StoredObject(name, hashing.count(), hashing.sha256());
  }

  /**
   * A token that Swift accepts for the container, which exists: checked with a HEAD, since the
   * upload itself cannot be repeated once its body was read.
   */
  private Token readyToWrite() throws IOException {
    for (int attempt = 0; ; attempt++) {
      Token current = token();
      Request head =
          new Request.Builder()
              .url(storageUrl(current) + "/" + encode(container))
              .header("X-Auth-Token", current.getId())
              .head()
              .build();
      int status;
      try (Response response = http.newCall(head).execute()) {
        status = response.code();
      } catch (IOException e) {
        throw new IOException(
            "HEAD of the container " + describe() + " failed: " + KeystoneV3Auth.reason(e), e);
      }
      if (status / 100 == 2) {
        return current;
      }
      if (attempt < 2 && status == 401) {
        renew(current);
      } else if (attempt < 2 && status == 404) {
        createContainer();
      } else {
        throw new IOException(
            "Swift answered HTTP " + status + " to a HEAD of the container " + describe());
      }
    }
  }

  private void createContainer() throws IOException {
    call(
        os -> {
          ActionResponse response = os.objectStorage().containers().create(container);
          if (response.getCode() == 401) {
            throw new Unauthorized();
          }
          if (!response.isSuccess()) {
            throw new IOException(
                "cannot create the Swift container "
                    + container
                    + ": HTTP "
                    + response.getCode()
                    + " "
                    + response.getFault());
          }
          return null;
        });
  }

  /** A chunked body read from {@code in} while it is sent (never buffered, never replayed). */
  private static RequestBody streaming(InputStream in) {
    return new RequestBody() {
      @Override
      public MediaType contentType() {
        return OCTET_STREAM;
      }

      @Override
      public boolean isOneShot() {
        return true;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.writeAll(Okio.source(in));
      }
    };
  }

  @Override
  public InputStream get(String name) throws IOException {
    String encoded = encodedName(name);
    return call(
        os -> {
          DLPayload payload = os.objectStorage().objects().download(container, encoded);
          org.openstack4j.core.transport.HttpResponse response = payload.getHttpResponse();
          int status = response.getStatus();
          if (status == 200) {
            return response.getInputStream();
          }
          response.close();
          if (status == 404) {
            throw new NoSuchObjectException("no object " + name + " in " + describe());
          }
          if (status == 401) {
            throw new Unauthorized();
          }
          throw new IOException(
              "Swift answered HTTP "
                  + status
                  + " to the download of "
                  + name
                  + " from "
                  + describe());
        });
  }

  @Override
  public void delete(String name) throws IOException {
    String encoded = encodedName(name);
    call(
        os -> {
          ActionResponse response = os.objectStorage().objects().delete(container, encoded);
          int status = response.getCode();
          if (status == 401) {
            throw new Unauthorized();
          }
          if (!response.isSuccess() && status != 404) {
            throw new IOException(
                "Swift answered HTTP "
                    + status
                    + " to the deletion of "
                    + name
                    + " from "
                    + describe()
                    + ": "
                    + response.getFault());
          }
          return null;
        });
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    List<String> names = new ArrayList<>();
    String marker = null;
    while (true) {
      ObjectListOptions options = ObjectListOptions.create().limit(pageSize);
      if (!prefix.isEmpty()) {
        options.startsWith(prefix);
      }
      if (marker != null) {
        options.marker(marker);
      }
      List<? extends SwiftObject> page =
          call(os -> os.objectStorage().objects().list(container, options));
      // A short page is not the end: the cluster may cap listings below our page size.
      if (page.isEmpty()) {
        break;
      }
      for (SwiftObject object : page) {
        names.add(object.getName());
      }
      marker = names.get(names.size() - 1);
    }
    // Swift sorts by UTF-8 bytes, Java by UTF-16 units: they differ above U+FFFF.
    Collections.sort(names);
    return names;
  }

  @Override
  public String describe() {
    return "swift:" + container;
  }

  private interface SwiftCall<T> {
    T run(OSClientV3 os) throws IOException;
  }

  /**
   * Runs {@code call} with a client on the current token; on a 401 it authenticates again and runs
   * it once more. OpenStack4j itself answers a 401 by re-authenticating with the credentials a
   * Keystone token carries; a tempauth token carries none, so there its attempt fails and ours
   * takes over.
   */
  private <T> T call(SwiftCall<T> call) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Token current = token();
      OSClientV3 os = OSFactory.clientFromToken(current, Facing.PUBLIC, CONFIG);
      if (region != null) {
        os.useRegion(region);
      }
      try {
        T result = call.run(os);
        adopt(current, os.getToken());
        return result;
      } catch (Unauthorized e) {
        if (attempt > 0) {
          throw new IOException("Swift refused a fresh token of " + auth.describe());
        }
        renew(current);
      } catch (OS4JException e) {
        if (attempt == 0 && unauthorized(e)) {
          renew(current);
          continue;
        }
        throw new IOException(describe() + ": " + KeystoneV3Auth.reason(e), e);
      }
    }
  }

  private static boolean unauthorized(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ResponseException r && r.getStatus() == 401) {
        return true;
      }
      for (StackTraceElement frame : t.getStackTrace()) {
        if (frame.getClassName().endsWith(".OSAuthenticator")
            && frame.getMethodName().equals("reAuthenticate")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The token in use, for tests that make Swift refuse it. */
  synchronized Token currentToken() {
    return token;
  }

  private synchronized Token token() throws IOException {
    if (token == null || expiresSoon(token)) {
      token = auth.authenticate();
    }
    return token;
  }

  /** Drops {@code rejected} unless another thread already replaced it. */
  private synchronized void renew(Token rejected) throws IOException {
    if (token == rejected) {
      token = auth.authenticate();
    }
  }

  /** Keeps the token OpenStack4j got when it re-authenticated on its own. */
  private synchronized void adopt(Token used, Token now) {
    if (now != null && now != used && token == used) {
      token = now;
    }
  }

  private static boolean expiresSoon(Token token) {
    Date expires = token.getExpires();
    return expires != null
        && expires.getTime() - System.currentTimeMillis() < RENEW_BEFORE_EXPIRY.toMillis();
  }

  private String storageUrl(Token token) throws IOException {
    if (token.getCatalog() != null) {
      for (Service service : token.getCatalog()) {
        if (!"object-store".equals(service.getType())) {
          continue;
        }
        for (Endpoint endpoint : service.getEndpoints()) {
          if (endpoint.getIface() == Facing.PUBLIC
              && (region == null || region.equals(endpoint.getRegion()))) {
            return endpoint.getUrl().toString().replaceAll("/+$", "");
          }
        }
      }
    }
    throw new IOException(
        "the service catalog of "
            + auth.describe()
            + " has no public object-store endpoint"
            + (region == null ? "" : " in region " + region));
  }

  private String objectPath(String name) {
    return "/" + encode(container) + "/" + encodedName(name);
  }

  /**
   * The name percent-encoded segment by segment. Names with {@code .} or {@code ..} segments are
   * refused: URL normalisation (OkHttp's included) would turn them into another object's name.
   */
  private static String encodedName(String name) {
    if (name.isEmpty() || name.startsWith("/") || name.contains("\0")) {
      throw new IllegalArgumentException("not an object name: " + name);
    }
    StringJoiner encoded = new StringJoiner("/");
    for (String segment : name.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("not an object name: " + name);
      }
      encoded.add(encode(segment));
    }
    return encoded.toString();
  }

  private static String encode(String segment) {
    StringBuilder out = new StringBuilder();
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    return out.toString();
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }

  private static String brief(String body) {
    String text = body == null ? "" : body.strip();
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  /** Swift answered 401 to a request that can be sent again. */
  private static final class Unauthorized extends IOException {
    Unauthorized() {
      super("Swift answered 401");
    }
  }
}
