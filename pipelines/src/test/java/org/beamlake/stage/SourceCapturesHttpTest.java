package org.beamlake.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.beamlake.project.HttpSourceConfig;
import org.beamlake.project.SourceConfig;
import org.beamlake.project.Where;
import org.junit.jupiter.api.Test;

/** An HTTP source's {@code concurrency} and {@code rate_limit} as the capture gets them. */
class SourceCapturesHttpTest {
  private static String concurrency(double rateLimit, int concurrency) {
    HttpSourceConfig http = new HttpSourceConfig("http://127.0.0.1/data", Map.of(), Map.of(), List.of(),
        new HttpSourceConfig.Paging(HttpSourceConfig.PagingType.NONE, null, 0, null, null, null, null, null),
        5, rateLimit, concurrency, Duration.ofSeconds(30));
    SourceConfig source = new SourceConfig("api", "http", "http://127.0.0.1/data", null,
        new Where("beamlake.yaml", 3, "sources.api"), http, null);
    return DisplayData.from(SourceCaptures.http(source)).items().stream()
        .filter(item -> item.getKey().equals("concurrency"))
        .map(item -> String.valueOf(item.getValue()))
        .findFirst().orElseThrow();
  }

  @Test
  void concurrencyIsPassedOnOrDerivedFromTheRateLimit() {
    assertEquals("8", concurrency(100, 8));
    assertEquals("25", concurrency(100, 0));
    assertEquals("4", concurrency(0, 0));
  }
}
