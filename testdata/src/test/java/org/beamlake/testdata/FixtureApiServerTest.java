package org.beamlake.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixtureApiServerTest {
  static final Path SAMPLE = Path.of("world-indicators", "samples", "pages");

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesStoredPagesAsStoredThenAnEmptyPageWithTheCount() throws Exception {
    try (FixtureApiServer api = FixtureApiServer.start(SAMPLE)) {
      String base = api.url() + "/data360/data?DATABASE_ID=WB_WDI&INDICATOR=WB_WDI_SP_DYN_LE00_IN&skip=";
      HttpResponse<String> first = get(base + "0");
      assertEquals(200, first.statusCode());
      assertEquals(Files.readString(SAMPLE.resolve("WB_WDI__WB_WDI_SP_DYN_LE00_IN__skip000000.json")), first.body());
      String count = first.body().replaceFirst("(?s)^\\{\"count\":(\\d+).*", "$1");
      assertEquals("{\"count\":" + count + ",\"value\":[]}", get(base + "80").body());
      assertEquals("{\"count\":0,\"value\":[]}", get(api.url() + "/data360/data?DATABASE_ID=X&INDICATOR=Y").body());
      assertEquals(400, get(api.url() + "/data360/data?INDICATOR=Y").statusCode());

      api.failNext(2, new FixtureApiServer.Fault(429, 3));
      HttpResponse<String> limited = get(base + "40");
      assertEquals(429, limited.statusCode());
      assertEquals(List.of("3"), limited.headers().allValues("Retry-After"));
      assertEquals(429, get(base + "40").statusCode());
      assertEquals(200, get(base + "40").statusCode());
      assertEquals(7, api.requests().size());
      assertEquals("/data360/data?DATABASE_ID=WB_WDI&INDICATOR=WB_WDI_SP_DYN_LE00_IN&skip=0", api.requests().get(0));
    }
  }
}
