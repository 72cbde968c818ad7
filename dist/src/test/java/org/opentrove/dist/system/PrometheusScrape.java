package org.opentrove.dist.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** One scrape of a process's Prometheus endpoint, and its samples looked up by name and labels. */
record PrometheusScrape(String text) {
  static PrometheusScrape of(int adminPort) throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new AssertionError("/prometheus answered " + answer.statusCode());
    }
    return new PrometheusScrape(answer.body());
  }

  /** The value of the sample named {@code name} that has all of {@code labels}. */
  double value(String name, Map<String, String> labels) {
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(name + "{")) {
        continue;
      }
      String labelPart = line.substring(name.length(), line.lastIndexOf('}') + 1);
      boolean all =
          labels.entrySet().stream()
              .allMatch(e -> labelPart.contains(e.getKey() + "=\"" + e.getValue() + "\""));
      if (all) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
      }
    }
    throw new AssertionError("no sample " + name + labels + " in:\n" + text);
  }
}
