package org.beamlake.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.beamlake.cli.DemoLake;
import org.beamlake.lake.Lake;
import org.beamlake.lake.TableCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API over a lake made by running the demo on its sample, through real HTTP on 127.0.0.1. */
class LakeServerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String GLOBAL = "stats_country_global";
  static final String BY_INDICATOR = "stats_country_indicator";

  static Lake lake;
  static LakeServer server;

  @BeforeAll
  static void serveTheDemoLake() throws Exception {
    lake = DemoLake.get();
    server = LakeServer.start(ServeSettings.of(lake).withPort(0));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static void assertAnswer(int status, String body, HttpResponse<String> response) {
    assertEquals(body, response.body(), response.uri().toString());
    assertEquals(status, response.statusCode(), response.uri().toString());
  }

  static String committedAt(String table) {
    return TableCommit.read(lake.refined(table)).orElseThrow().committedAt();
  }

  @Test
  void listsTablesWithTypedColumnsRowCountsAndTheirRun() {
    HttpResponse<String> r = HttpCalls.get(server, "/tables");
    assertAnswer(200, "{\"tables\":["
        + "{\"name\":\"life_expectancy\",\"columns\":[{\"name\":\"REF_AREA\",\"type\":\"string\"},"
        + "{\"name\":\"TIME_PERIOD\",\"type\":\"int\"},{\"name\":\"life_expectancy\",\"type\":\"double\"}],"
        + "\"rows\":68,\"run_id\":\"r1\",\"committed_at\":\"" + committedAt("life_expectancy") + "\",\"partition_by\":null},"
        + "{\"name\":\"stats_country_global\",\"columns\":[{\"name\":\"REF_AREA\",\"type\":\"string\"},"
        + "{\"name\":\"avg_val\",\"type\":\"double\"},{\"name\":\"median_val\",\"type\":\"double\"},"
        + "{\"name\":\"min_val\",\"type\":\"double\"},{\"name\":\"max_val\",\"type\":\"double\"},"
        + "{\"name\":\"count_obs\",\"type\":\"long\"}],\"rows\":6,\"run_id\":\"r1\",\"committed_at\":\""
        + committedAt(GLOBAL) + "\",\"partition_by\":null},"
        + "{\"name\":\"stats_country_indicator\",\"columns\":[{\"name\":\"DATABASE_ID\",\"type\":\"string\"},"
        + "{\"name\":\"REF_AREA\",\"type\":\"string\"},{\"name\":\"INDICATOR\",\"type\":\"string\"},"
        + "{\"name\":\"avg_val\",\"type\":\"double\"},{\"name\":\"median_val\",\"type\":\"double\"},"
        + "{\"name\":\"min_val\",\"type\":\"double\"},{\"name\":\"max_val\",\"type\":\"double\"},"
        + "{\"name\":\"count_obs\",\"type\":\"long\"}],\"rows\":18,\"run_id\":\"r1\",\"committed_at\":\""
        + committedAt(BY_INDICATOR) + "\",\"partition_by\":\"DATABASE_ID\"}]}", r);
    assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
  }

  @Test
  void rowsAreFilteredByColumnValues() {
    assertAnswer(200, "{\"table\":\"stats_country_global\",\"run_id\":\"r1\",\"total\":1,\"offset\":0,\"limit\":100,"
            + "\"rows\":[{\"REF_AREA\":\"AFG\",\"avg_val\":19.454689393939393,\"median_val\":0.115,\"min_val\":0.03,"
            + "\"max_val\":59.444,\"count_obs\":36}]}",
        HttpCalls.get(server, "/tables/stats_country_global?REF_AREA=AFG"));
    assertAnswer(200, "{\"table\":\"stats_country_indicator\",\"run_id\":\"r1\",\"total\":2,\"offset\":0,\"limit\":100,"
            + "\"rows\":[{\"DATABASE_ID\":\"WB_WDI\",\"REF_AREA\":\"AFG\",\"INDICATOR\":\"WB_WDI_SP_DYN_LE00_IN\","
            + "\"avg_val\":58.12025,\"median_val\":57.786500000000004,\"min_val\":57.166,\"max_val\":59.444,\"count_obs\":12},"
            + "{\"DATABASE_ID\":\"WB_WDI\",\"REF_AREA\":\"ALB\",\"INDICATOR\":\"WB_WDI_SP_DYN_LE00_IN\","
            + "\"avg_val\":73.90858333333334,\"median_val\":73.7685,\"min_val\":72.974,\"max_val\":74.801,\"count_obs\":12}]}",
        HttpCalls.get(server, "/tables/stats_country_indicator?INDICATOR=WB_WDI_SP_DYN_LE00_IN&REF_AREA=ALB&REF_AREA=AFG"));
    // typed filters: a long, the partition column; limit=0 counts only
    assertAnswer(200, "{\"table\":\"stats_country_indicator\",\"run_id\":\"r1\",\"total\":4,\"offset\":0,\"limit\":0,"
            + "\"rows\":[]}",
        HttpCalls.get(server, "/tables/stats_country_indicator?count_obs=12&DATABASE_ID=WB_ESG&limit=0"));
  }

  @Test
  void rowsAreSortedAndPagedStably() {
    assertAnswer(200, "{\"table\":\"stats_country_global\",\"run_id\":\"r1\",\"total\":6,\"offset\":1,\"limit\":2,"
            + "\"rows\":[{\"REF_AREA\":\"AND\",\"avg_val\":61.5858,\"median_val\":79.3704,\"min_val\":5.013,"
            + "\"max_val\":100.0,\"count_obs\":33},{\"REF_AREA\":\"ARE\",\"avg_val\":71.39120588235293,"
            + "\"median_val\":82.52799999999999,\"min_val\":21.646,\"max_val\":100.0,\"count_obs\":34}]}",
        HttpCalls.get(server, "/tables/stats_country_global?sort=-max_val&limit=2&offset=1"));
    List<String> pages = new ArrayList<>();
    for (int offset = 0; offset < 18; offset += 5) {
      JsonNode page = read(HttpCalls.get(server, "/tables/stats_country_indicator?sort=count_obs,-REF_AREA&limit=5&offset=" + offset));
      page.get("rows").forEach(row -> pages.add(row.get("count_obs") + " " + row.get("REF_AREA").asText() + " "
          + row.get("DATABASE_ID").asText()));
    }
    assertEquals(List.of("10 ARE WB_ESG", "10 AGO WB_SE4ALL", "10 ABW WB_WDI", "11 AND WB_ESG", "11 AND WB_SE4ALL",
        "11 AND WB_WDI", "11 AGO WB_WDI", "11 ABW WB_SE4ALL", "12 ARE WB_SE4ALL", "12 ARE WB_WDI", "12 ALB WB_ESG",
        "12 ALB WB_SE4ALL", "12 ALB WB_WDI", "12 AGO WB_ESG", "12 AFG WB_ESG", "12 AFG WB_SE4ALL", "12 AFG WB_WDI",
        "12 ABW WB_ESG"), pages);
  }

  @Test
  void aTableDownloadsAsCsvWithTheSameParameters() {
    HttpResponse<String> r = HttpCalls.get(server, "/tables/stats_country_global.csv?sort=-max_val");
    assertAnswer(200, String.join("\n",
        "REF_AREA,avg_val,median_val,min_val,max_val,count_obs",
        "ABW,61.45930303030303,82.044,8.038,100.0,33",
        "AND,61.5858,79.3704,5.013,100.0,33",
        "ARE,71.39120588235293,82.52799999999999,21.646,100.0,34",
        "ALB,58.24651262626263,73.7685,1.517,99.75,36",
        "AGO,49.15990137741047,71.51,0.935,95.21,33",
        "AFG,19.454689393939393,0.115,0.03,59.444,36", ""), r);
    assertEquals("text/csv; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("attachment; filename=\"stats_country_global.csv\"",
        r.headers().firstValue("Content-Disposition").orElseThrow());
    assertAnswer(200, "DATABASE_ID,REF_AREA,INDICATOR,avg_val,median_val,min_val,max_val,count_obs\n"
            + "WB_ESG,ALB,WB_ESG_EN_ATM_CO2E_PC,1.5734545454545454,1.5652272727272727,1.517,1.641,12\n",
        HttpCalls.get(server, "/tables/stats_country_indicator.csv?REF_AREA=ALB&limit=1"));
  }

  @Test
  void runsAreListedNewestFirstAndServedAsRecorded() throws Exception {
    String recorded = Files.readString(Path.of(lake.runManifest("r1")), StandardCharsets.UTF_8);
    String startedAt = JSON.readTree(recorded).at("/stages/capture/startedAt").asText();
    assertAnswer(200, "{\"runs\":[{\"run_id\":\"r1\",\"project\":\"world-indicators\",\"runner\":\"DirectRunner\","
        + "\"sample\":true,\"started_at\":\"" + startedAt + "\",\"stages\":{\"capture\":\"succeeded\","
        + "\"etl\":\"succeeded\",\"analytics\":\"succeeded\"},\"href\":\"/runs/r1\",\"report\":\"/runs/r1.html\"}]}",
        HttpCalls.get(server, "/runs"));
    assertAnswer(200, recorded, HttpCalls.get(server, "/runs/latest"));
    assertAnswer(200, recorded, HttpCalls.get(server, "/runs/r1"));
    String report = Files.readString(Path.of(lake.runs() + "r1.html"), StandardCharsets.UTF_8);
    for (String path : List.of("/runs/r1.html", "/runs/latest.html")) {
      HttpResponse<String> r = HttpCalls.get(server, path);
      assertAnswer(200, report, r);
      assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
    }
    assertAnswer(404, "{\"error\":\"no run 'r0'; see /runs\"}", HttpCalls.get(server, "/runs/r0.html"));
  }

  @Test
  void openApiDescribesEveryEndpointAndEveryReferenceResolves() throws Exception {
    HttpResponse<String> r = HttpCalls.get(server, "/openapi.json");
    assertEquals(200, r.statusCode());
    JsonNode doc = read(r);
    assertEquals("3.0.3", doc.get("openapi").asText());
    List<String> paths = new ArrayList<>();
    doc.get("paths").fieldNames().forEachRemaining(paths::add);
    assertEquals(List.of("/tables", "/tables/{name}", "/tables/{name}.csv", "/runs", "/runs/latest", "/runs/{run_id}",
        "/runs/{run_id}.html", "/openapi.json"), paths);
    assertEquals("[\"life_expectancy\",\"stats_country_global\",\"stats_country_indicator\"]",
        doc.at("/components/parameters/table/schema/enum").toString());
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertTrue(refs.size() > 20, refs.toString());
    for (String ref : refs) {
      assertFalse(doc.at(ref.substring(1)).isMissingNode(), ref);
    }
    assertAnswer(200, "{\"endpoints\":[\"/tables\",\"/tables/{name}\",\"/tables/{name}.csv\",\"/runs\",\"/runs/latest\","
        + "\"/runs/{run_id}\",\"/runs/{run_id}.html\",\"/openapi.json\"]}", HttpCalls.get(server, "/"));
  }

  @Test
  void invalidParametersAre400sNamingTheParameter() {
    Map<String, String> expected = new java.util.LinkedHashMap<>();
    String table = "/tables/stats_country_global";
    expected.put(table + "?limit=abc", "{\"error\":\"limit: expected an integer from 0 to 10000, got 'abc'\",\"parameter\":\"limit\"}");
    expected.put(table + "?limit=10001", "{\"error\":\"limit: expected an integer from 0 to 10000, got '10001'\",\"parameter\":\"limit\"}");
    expected.put(table + "?limit=1&limit=2", "{\"error\":\"limit: given 2 times; give it once\",\"parameter\":\"limit\"}");
    expected.put(table + "?offset=-1", "{\"error\":\"offset: expected an integer >= 0, got '-1'\",\"parameter\":\"offset\"}");
    expected.put(table + "?sort=nope", "{\"error\":\"sort: no column 'nope' in stats_country_global; columns are "
        + "[REF_AREA, avg_val, median_val, min_val, max_val, count_obs]\",\"parameter\":\"sort\"}");
    expected.put(table + "?sort=-", "{\"error\":\"sort: expected column names separated by commas, each optionally "
        + "preceded by '-' for descending, got '-'\",\"parameter\":\"sort\"}");
    expected.put(table + "?count_obs=many", "{\"error\":\"count_obs: expected long, got 'many'\",\"parameter\":\"count_obs\"}");
    expected.put(table + "?ref_area=AFG", "{\"error\":\"unknown parameter 'ref_area': expected limit, offset, sort or a "
        + "column of stats_country_global [REF_AREA, avg_val, median_val, min_val, max_val, count_obs]\",\"parameter\":\"ref_area\"}");
    expected.put(table + ".csv?limit=x", "{\"error\":\"limit: expected an integer >= 0, got 'x'\",\"parameter\":\"limit\"}");
    expected.put("/tables?limit=1", "{\"error\":\"unknown parameter 'limit': /tables takes no parameters\",\"parameter\":\"limit\"}");
    expected.put("/runs/latest?x=1", "{\"error\":\"unknown parameter 'x': /runs/{run_id} takes no parameters\",\"parameter\":\"x\"}");
    expected.forEach((request, body) -> assertAnswer(400, body, HttpCalls.get(server, request)));
  }

  @Test
  void unknownTablesRunsAndPathsAre404s() {
    assertAnswer(404, "{\"error\":\"no table 'nope'; tables are [life_expectancy, stats_country_global, stats_country_indicator]\"}",
        HttpCalls.get(server, "/tables/nope"));
    assertAnswer(404, "{\"error\":\"no table 'nope'; tables are [life_expectancy, stats_country_global, stats_country_indicator]\"}",
        HttpCalls.get(server, "/tables/nope.csv"));
    assertAnswer(404, "{\"error\":\"no run 'r0'; see /runs\"}", HttpCalls.get(server, "/runs/r0"));
    assertAnswer(404, "{\"error\":\"no such resource '/trusted/indicators'; see /openapi.json\"}",
        HttpCalls.get(server, "/trusted/indicators"));
  }

  @Test
  void nothingOutsideRefinedAndRunsIsReachable() {
    String tables = "[life_expectancy, stats_country_global, stats_country_indicator]";
    Map<String, String> encoded = new java.util.LinkedHashMap<>();
    encoded.put("/tables/..%2Ftrusted%2Findicators", "{\"error\":\"no table '../trusted/indicators'; tables are " + tables + "\"}");
    encoded.put("/tables/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "{\"error\":\"no table '../../etc/passwd'; tables are " + tables + "\"}");
    encoded.put("/tables/%2E%2E", "{\"error\":\"no table '..'; tables are " + tables + "\"}");
    encoded.put("/tables/%2Fetc%2Fpasswd", "{\"error\":\"no table '/etc/passwd'; tables are " + tables + "\"}");
    encoded.put("/tables/..%5Ctrusted%5Cindicators", "{\"error\":\"no table '..\\\\trusted\\\\indicators'; tables are " + tables + "\"}");
    encoded.put("/tables/stats_country_global%2F_SUCCESS", "{\"error\":\"no table 'stats_country_global/_SUCCESS'; tables are " + tables + "\"}");
    encoded.put("/runs/..%2Frefined%2Fstats_country_global%2F_SUCCESS", "{\"error\":\"no run '../refined/stats_country_global/_SUCCESS'; see /runs\"}");
    encoded.put("/runs/r1.json", "{\"error\":\"no run 'r1.json'; see /runs\"}");
    encoded.put("/runs/%2e%2e%2f_state", "{\"error\":\"no run '../_state'; see /runs\"}");
    encoded.forEach((request, body) -> assertAnswer(404, body, HttpCalls.get(server, request)));

    // as sent by hand, where no client would normalize or refuse them; a target that is no URI at all
    // is refused by the JDK's server before the API sees it
    String unparsable = "<h1>400 Bad Request</h1>URISyntaxException thrown";
    Map<String, String> raw = new java.util.LinkedHashMap<>();
    raw.put("/tables/../trusted/indicators", "404 Not Found|{\"error\":\"no such resource '/tables/../trusted/indicators'; see /openapi.json\"}");
    raw.put("/../../etc/passwd", "404 Not Found|{\"error\":\"no such resource '/../../etc/passwd'; see /openapi.json\"}");
    raw.put("//etc/passwd", "404 Not Found|{\"error\":\"no such resource '/passwd'; see /openapi.json\"}"); // authority 'etc'
    raw.put("/tables/stats_country_global?REF_AREA=%zz", "400 Bad Request|" + unparsable);
    raw.put("/runs/../refined/stats_country_global/_SUCCESS", "404 Not Found|{\"error\":\"no such resource "
        + "'/runs/../refined/stats_country_global/_SUCCESS'; see /openapi.json\"}");
    raw.put("http://127.0.0.1/tables/../../etc/passwd", "404 Not Found|{\"error\":\"no such resource "
        + "'/tables/../../etc/passwd'; see /openapi.json\"}");
    raw.put("/tables/..\\..\\trusted\\indicators", "400 Bad Request|" + unparsable);
    raw.put("/tables\\..\\trusted", "400 Bad Request|" + unparsable);
    raw.forEach((target, expected) -> {
      String response = HttpCalls.raw(server, target);
      String[] statusAndBody = expected.split("\\|", -1);
      assertTrue(response.startsWith("HTTP/1.1 " + statusAndBody[0] + "\r\n"), target + ":\n" + response);
      String body = response.substring(response.indexOf("\r\n\r\n") + 4);
      assertEquals(statusAndBody[1], body, target);
    });
  }

  @Test
  void onlyGetAndHeadAreAnswered() {
    HttpResponse<String> post = HttpCalls.send(server, "POST", "/tables");
    assertAnswer(405, "{\"error\":\"method POST is not allowed: this API is read-only (GET)\"}", post);
    assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
    assertAnswer(405, "{\"error\":\"method DELETE is not allowed: this API is read-only (GET)\"}",
        HttpCalls.send(server, "DELETE", "/tables/stats_country_global"));
    HttpResponse<String> head = HttpCalls.send(server, "HEAD", "/tables");
    assertAnswer(200, "", head);
  }

  static JsonNode read(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (java.io.IOException e) {
      throw new AssertionError(response.body(), e);
    }
  }

  static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getKey().equals("$ref")) {
          refs.add(field.getValue().asText());
        } else {
          collectRefs(field.getValue(), refs);
        }
      }
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, refs));
    }
  }
}
