package org.beamlake.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.beamlake.capture.Secrets;
import org.beamlake.lake.Lake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token rule: loopback may go without one; any other interface needs one, from the environment. */
class BearerTokenTest {
  static final String TOKEN = "tok-3f9a1c27e5b04d6e";
  static final String UNAUTHORIZED = "{\"error\":\"missing or wrong bearer token: send 'Authorization: Bearer <token>'\"}";

  @TempDir Path tmp;

  @Test
  void loopbackNeedsNoTokenAndAnyOtherInterfaceDoes() {
    Lake lake = Lake.at(tmp.toString());
    for (String host : List.of("127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]")) {
      assertTrue(ServeSettings.of(lake).withHost(host).isLoopback(), host);
      ServeSettings.of(lake).withHost(host).check();
    }
    for (String host : List.of("0.0.0.0", "::")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ServeSettings.of(lake).withHost(host).check());
      assertEquals("serving " + host + " makes the lake readable from other machines: give a bearer token as "
          + "--token '${env:NAME}' (clients send 'Authorization: Bearer <token>'), or serve 127.0.0.1", e.getMessage());
      ServeSettings.of(lake).withToken("${env:BEAMLAKE_TOKEN}").withHost(host).check(); // order does not matter
    }
  }

  @Test
  void aTokenIsOnlyEverAnEnvironmentReferenceAndItsValueIsNeverRepeated() {
    Lake lake = Lake.at(tmp.toString());
    for (String given : List.of(TOKEN, "Bearer ${env:X}", "${env:A}${env:B}", "${X}")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ServeSettings.of(lake).withToken(given));
      assertEquals("the token must be given as an ${env:NAME} reference (e.g. --token '${env:BEAMLAKE_TOKEN}'), not as "
          + "its value, so it never shows in shell history, the process list or logs", e.getMessage());
    }
    ServeSettings settings = ServeSettings.of(lake).withPort(0).withToken("${env:BEAMLAKE_TEST_UNSET}");
    IllegalStateException unset = assertThrows(IllegalStateException.class,
        () -> LakeServer.start(settings, Secrets.of(Map.of())));
    assertEquals("environment variable BEAMLAKE_TEST_UNSET is not set (referenced as ${env:BEAMLAKE_TEST_UNSET})",
        unset.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> LakeServer.start(settings, Secrets.of(Map.of("BEAMLAKE_TEST_UNSET", " "))));
    assertEquals("the token ${env:BEAMLAKE_TEST_UNSET} is empty", empty.getMessage());
  }

  @Test
  void withATokenEveryRequestMustCarryIt() throws Exception {
    ServeSettings settings = ServeSettings.of(Lake.at(tmp.toString())).withPort(0).withToken("${env:LAKE_TOKEN}");
    try (LakeServer server = LakeServer.start(settings, Secrets.of(Map.of("LAKE_TOKEN", TOKEN)))) {
      for (String path : List.of("/tables", "/runs/latest", "/openapi.json", "/tables/x?limit=abc", "/nothing")) {
        HttpResponse<String> none = HttpCalls.get(server, path);
        assertEquals(401, none.statusCode(), path);
        assertEquals(UNAUTHORIZED, none.body(), path);
        assertEquals("Bearer realm=\"beamlake\"", none.headers().firstValue("WWW-Authenticate").orElseThrow());
        for (String wrong : List.of("Bearer " + TOKEN + "x", "Bearer tok", "bearer " + TOKEN, TOKEN, "Basic " + TOKEN)) {
          HttpResponse<String> r = HttpCalls.get(server, path, "Authorization", wrong);
          assertEquals(401, r.statusCode(), wrong);
          assertEquals(UNAUTHORIZED, r.body());
        }
      }
      HttpResponse<String> ok = HttpCalls.get(server, "/tables", "Authorization", "Bearer " + TOKEN);
      assertEquals(200, ok.statusCode());
      assertEquals("{\"tables\":[]}", ok.body());
      HttpResponse<String> noRun = HttpCalls.get(server, "/runs/latest", "Authorization", "Bearer " + TOKEN);
      assertEquals(404, noRun.statusCode());
      assertEquals("{\"error\":\"no run is recorded in this lake yet\"}", noRun.body());
      assertFalse(HttpCalls.raw(server, "/tables").contains(TOKEN));
    }
  }
}
