package org.beamlake.capture.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class ZipColumnArraysTest {
  static final String FORECAST = "{\"latitude\":48.86,\"longitude\":2.34,\"daily_units\":{\"time\":\"iso8601\"},"
      + "\"daily\":{\"time\":[\"2024-01-01\",\"2024-01-02\",\"2024-01-03\"],"
      + "\"temperature_2m_max\":[9.4,8.1,null],\"weather_code\":[3,61,{\"odd\":true}]}}";

  private static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text);
  }

  private static List<String> rows(String document, String pointer) throws Exception {
    return ZipColumnArrays.rows(json(document), pointer).stream().map(JsonNode::toString).toList();
  }

  @Test
  void zipsColumnsIntoRowsInColumnOrder() throws Exception {
    assertEquals(List.of(
        "{\"time\":\"2024-01-01\",\"temperature_2m_max\":9.4,\"weather_code\":3}",
        "{\"time\":\"2024-01-02\",\"temperature_2m_max\":8.1,\"weather_code\":61}",
        "{\"time\":\"2024-01-03\",\"temperature_2m_max\":null,\"weather_code\":{\"odd\":true}}"),
        rows(FORECAST, "/daily"));
  }

  @Test
  void zipsTheRootAndEmptyColumns() throws Exception {
    assertEquals(List.of("{\"a\":1,\"b\":\"x\"}"), rows("{\"a\":[1],\"b\":[\"x\"]}", ""));
    assertEquals(List.of(), rows("{\"daily\":{\"time\":[],\"t\":[]}}", "/daily"));
    assertEquals(List.of(), rows("{\"daily\":{}}", "/daily"));
  }

  @Test
  void columnsOfDifferentLengthsAreAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> rows("{\"daily\":{\"time\":[\"2024-01-01\",\"2024-01-02\"],\"t\":[1.5]}}", "/daily"));
    assertEquals("column arrays at '/daily' differ in length: time has 2 values, t has 1", e.getMessage());
  }

  @Test
  void aMissingObjectOrAColumnThatIsNotAnArrayIsAnError() {
    assertEquals("no column arrays at '/hourly'", assertThrows(IllegalArgumentException.class,
        () -> rows(FORECAST, "/hourly")).getMessage());
    assertEquals("expected an object of column arrays at '/latitude', found number",
        assertThrows(IllegalArgumentException.class, () -> rows(FORECAST, "/latitude")).getMessage());
    assertEquals("column 'time' at '/daily_units' is not an array but string",
        assertThrows(IllegalArgumentException.class, () -> rows(FORECAST, "/daily_units")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> ZipColumnArrays.at("daily"));
  }

  @Test
  void theTransformEmitsOneCompactObjectPerRow(TestPipeline p) {
    PCollection<String> rows = p.apply(Create.of(FORECAST, "{\"daily\":{\"time\":[\"2025-06-01\"],\"x\":[1]}}"))
        .apply(ZipColumnArrays.at("/daily"));
    PAssert.that(rows).containsInAnyOrder(
        "{\"time\":\"2024-01-01\",\"temperature_2m_max\":9.4,\"weather_code\":3}",
        "{\"time\":\"2024-01-02\",\"temperature_2m_max\":8.1,\"weather_code\":61}",
        "{\"time\":\"2024-01-03\",\"temperature_2m_max\":null,\"weather_code\":{\"odd\":true}}",
        "{\"time\":\"2025-06-01\",\"x\":1}");
    p.run();
  }
}
