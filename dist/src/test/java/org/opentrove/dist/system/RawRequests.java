package org.opentrove.dist.system;

import java.util.List;
import java.util.Random;

/** Requests no HTTP library would write, sent byte for byte: Jetty must still answer JSON. */
final class RawRequests {
  private RawRequests() {}

  static FuzzRequest pick(Random random, String project) {
    String base = "/v1.0/" + project;
    String headers = "\r\nHost: 127.0.0.1\r\nX-Auth-Token: " + project + "\r\nConnection: close";
    String end = "\r\nContent-Length: 0\r\n\r\n";
    List<String[]> requests =
        List.of(
            new String[] {
              "URI too long",
              "GET " + base + "/flavors/" + "x".repeat(9000) + " HTTP/1.1" + headers + end
            },
            new String[] {
              "headers too large",
              "GET "
                  + base
                  + "/flavors HTTP/1.1"
                  + headers
                  + "\r\nX-Big: "
                  + "y".repeat(10000)
                  + end
            },
            new String[] {
              "many headers",
              "GET "
                  + base
                  + "/flavors HTTP/1.1"
                  + headers
                  + "\r\nX-H: 1234567890".repeat(800)
                  + end
            },
            new String[] {"bad escape", "GET " + base + "/flavors/%zz HTTP/1.1" + headers + end},
            new String[] {"lone percent", "GET " + base + "/flavors/% HTTP/1.1" + headers + end},
            new String[] {
              "control byte in the request line",
              "GET "
                  + base
                  + "/fla"
                  + (char) (1 + random.nextInt(31))
                  + "vors HTTP/1.1"
                  + headers
                  + end
            },
            new String[] {
              "DEL in the request line", "GET " + base + "/fl\u007fv HTTP/1.1" + headers + end
            },
            new String[] {
              "raw byte 0xff in the path",
              "GET " + base + "/flavors/\u00ff HTTP/1.1" + headers + end
            },
            new String[] {"garbage request line", "HELLO" + headers + end},
            new String[] {"method only", "GET" + headers + end},
            new String[] {
              "no host", "GET " + base + "/flavors HTTP/1.1\r\nConnection: close" + end
            },
            new String[] {
              "bad content length",
              "POST " + base + "/instances HTTP/1.1" + headers + "\r\nContent-Length: abc\r\n\r\n"
            },
            new String[] {
              "negative content length",
              "POST " + base + "/instances HTTP/1.1" + headers + "\r\nContent-Length: -1\r\n\r\n"
            },
            new String[] {
              "two content lengths",
              "POST "
                  + base
                  + "/instances HTTP/1.1"
                  + headers
                  + "\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"
            },
            new String[] {
              "bad chunk",
              "POST "
                  + base
                  + "/instances HTTP/1.1"
                  + headers
                  + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
            },
            new String[] {
              "header without a colon",
              "GET " + base + "/flavors HTTP/1.1" + headers + "\r\nBogus" + end
            },
            new String[] {
              "space in a header name",
              "GET " + base + "/flavors HTTP/1.1" + headers + "\r\nBad Header: x" + end
            },
            new String[] {
              "folded header",
              "GET " + base + "/flavors HTTP/1.1" + headers + "\r\nX-A: b\r\n c" + end
            },
            new String[] {
              "ambiguous path", "GET " + base + "/flavors/%2e%2e/%2e%2e/x HTTP/1.1" + headers + end
            },
            new String[] {
              "encoded slash", "GET " + base + "/instances/a%2fb HTTP/1.1" + headers + end
            },
            new String[] {
              "absolute form", "GET http://elsewhere" + base + "/flavors HTTP/1.1" + headers + end
            },
            new String[] {"asterisk form", "GET * HTTP/1.1" + headers + end});
    String[] chosen = requests.get(random.nextInt(requests.size()));
    return FuzzRequest.raw("RAW " + chosen[0], chosen[1]);
  }
}
