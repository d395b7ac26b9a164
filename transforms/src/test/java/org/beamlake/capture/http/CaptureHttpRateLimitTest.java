package org.beamlake.capture.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rate limit across parallel series, asserted by the waits requested of a clock that stands
 * still: one shared limiter hands out the slots 0, 0.5 s, 1 s, ... whatever the interleaving, so
 * the waits are exact. Limiters per DoFn instance would hand out the same slot twice.
 */
@ExtendWith(TestPipelineExtension.class)
class CaptureHttpRateLimitTest {
  @TempDir Path staging;
  private FixtureHttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = FixtureHttpServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void parallelSeriesShareOneLimiterPerOrigin(TestPipeline p) {
    List<String> indicators = List.of("A", "B", "C");
    for (String indicator : indicators) {
      server.respond("/v2/" + indicator + "?page=1", CaptureHttpPaginationTest.worldBank(1, 2, 4, "1,2"))
          .respond("/v2/" + indicator + "?page=2", CaptureHttpPaginationTest.worldBank(2, 2, 4, "3,4"));
    }
    RecordingSleeper sleeper = new RecordingSleeper();

    PAssert.that(p.apply(CaptureHttp.from(server.url("/v2/{indicator}"))
            .withPagination(Pagination.pageNumber())
            .withFanout("indicator", indicators)
            .withRateLimit(2)
            .withStagingDirectory(StagedFiles.directory(staging))
            .withSleeper(sleeper)))
        .satisfies(files -> {
          assertEquals(6, StreamSupport.stream(files.spliterator(), false).count());
          return null;
        });
    p.run();

    assertEquals(6, server.targets().size());
    assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(1500),
        Duration.ofMillis(2000), Duration.ofMillis(2500)), sleeper.waits().stream().sorted().toList());
  }

  @Test
  void withoutARateLimitNothingWaits(TestPipeline p) {
    server.respond("/v2/A?page=1", CaptureHttpPaginationTest.worldBank(1, 2, 4, "1,2"))
        .respond("/v2/A?page=2", CaptureHttpPaginationTest.worldBank(2, 2, 4, "3,4"));
    RecordingSleeper sleeper = new RecordingSleeper();
    p.apply(CaptureHttp.from(server.url("/v2/A"))
        .withPagination(Pagination.pageNumber())
        .withStagingDirectory(StagedFiles.directory(staging))
        .withSleeper(sleeper));
    p.run();

    assertEquals(List.of("/v2/A?page=1", "/v2/A?page=2"), server.targets());
    assertEquals(List.of(), sleeper.waits());
  }
}
