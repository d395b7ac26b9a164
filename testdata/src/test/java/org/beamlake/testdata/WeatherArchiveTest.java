package org.beamlake.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeatherArchiveTest {
  static final Path SAMPLES = Path.of("weather", "samples");

  @Test
  void theCommittedSampleIsWhatTheStandInAnswersForJanuary() throws Exception {
    for (List<String> place : List.of(List.of("48.85", "2.35"), List.of("51.51", "-0.13"), List.of("40.42", "-3.7"),
        List.of("52.52", "13.41"))) {
      Path file = SAMPLES.resolve(place.get(0) + "__" + place.get(1) + "-page-00001.json");
      assertEquals(WeatherArchive.response(place.get(0), place.get(1), LocalDate.of(2023, 1, 1), LocalDate.of(2023, 1, 31)),
          Files.readString(file), file.toString());
    }
  }

  @Test
  void theSameDayIsTheSameEveryTimeAndSomeValuesAreMissing() {
    assertEquals(WeatherArchive.day("48.85", "2.35", LocalDate.of(2023, 7, 14)),
        WeatherArchive.day("48.85", "2.35", LocalDate.of(2023, 7, 14)));
    long missing = 0;
    for (LocalDate d = LocalDate.of(2023, 1, 1); d.getYear() == 2023; d = d.plusDays(1)) {
      WeatherArchive.Day day = WeatherArchive.day("48.85", "2.35", d);
      missing += (day.max() == null ? 1 : 0) + (day.min() == null ? 1 : 0) + (day.precipitation() == null ? 1 : 0);
    }
    assertEquals(true, missing > 0 && missing < 20, "missing values: " + missing);
  }
}
