package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** What the isolation tests do as a tenant through the API: create an instance, enable root. */
record TenantInstances(ApiClient api, String project) {

  /** An m1.tiny instance with a 1 GB volume of {@code datastore}'s seeded version. */
  String create(String datastore) {
    ApiClient.Answer created =
        api.post(
            project,
            "/instances",
            """
            {"instance": {"name": "%s-isolated", "flavorRef": "1", "volume": {"size": 1},
             "datastore": {"type": "%s", "version": "%s"}}}
            """
                .formatted(datastore, datastore, datastore.equals("mariadb") ? "10.11" : "15"));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    return created.body().get("instance").get("id").asText();
  }

  /** Trove's root enable: answers the root user's name and a generated password. */
  JsonNode enableRoot(String id) {
    ApiClient.Answer enabled = api.post(project, "/instances/" + id + "/root", null);
    assertThat(enabled.status()).as(enabled.body().toString()).isEqualTo(200);
    return enabled.body().get("user");
  }
}
