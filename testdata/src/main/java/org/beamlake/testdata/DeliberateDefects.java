package org.beamlake.testdata;

import static org.beamlake.testdata.ObservationRecords.OBS_VALUE;
import static org.beamlake.testdata.ObservationRecords.REF_AREA;
import static org.beamlake.testdata.ObservationRecords.TIME_PERIOD;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Plants the same fixed set of bad records in every generated dataset, whatever its size, so the
 * demo's quarantine and deduplication counts are known in advance (see {@link
 * WorldIndicatorsGenerator} for the list). Each defect lands on its own record that had a value;
 * which record is drawn from the seed.
 */
final class DeliberateDefects {

  /** The kinds of bad record, each replacing one clean record. */
  enum Defect {
    /** {@code OBS_VALUE} is {@code "n/a"}: not a number. */
    UNPARSEABLE_VALUE,
    /** {@code TIME_PERIOD} is {@code "19x5"}: not a year. */
    UNPARSEABLE_YEAR,
    /** {@code REF_AREA} is null. */
    MISSING_COUNTRY,
    /** {@code REF_AREA} in lower case, e.g. {@code "fra"}. */
    LOWERCASE_COUNTRY,
    /** {@code OBS_VALUE} is {@code "-3.5"}, below the 0 % an electricity share can reach. */
    VALUE_BELOW_RANGE,
    /** {@code OBS_VALUE} is {@code "104.2"}, above 100 %. */
    VALUE_ABOVE_RANGE;

    void applyTo(ObjectNode record) {
      switch (this) {
        case UNPARSEABLE_VALUE -> record.put(OBS_VALUE, "n/a");
        case UNPARSEABLE_YEAR -> record.put(TIME_PERIOD, "19x5");
        case MISSING_COUNTRY -> record.putNull(REF_AREA);
        case LOWERCASE_COUNTRY ->
            record.put(REF_AREA, record.get(REF_AREA).asText().toLowerCase(Locale.ROOT));
        case VALUE_BELOW_RANGE -> record.put(OBS_VALUE, "-3.5");
        case VALUE_ABOVE_RANGE -> record.put(OBS_VALUE, "104.2");
        default -> throw new IllegalStateException(name());
      }
    }
  }

  /** The defects planted in each indicator's records. */
  static final Map<Indicator, List<Defect>> PLAN =
      Map.of(
          Indicator.LIFE_EXPECTANCY,
          List.of(Defect.UNPARSEABLE_VALUE, Defect.UNPARSEABLE_YEAR, Defect.MISSING_COUNTRY,
              Defect.LOWERCASE_COUNTRY),
          Indicator.CO2_PER_CAPITA,
          List.of(Defect.UNPARSEABLE_VALUE, Defect.UNPARSEABLE_YEAR, Defect.LOWERCASE_COUNTRY),
          Indicator.ELECTRICITY_ACCESS,
          List.of(Defect.UNPARSEABLE_VALUE, Defect.MISSING_COUNTRY, Defect.VALUE_BELOW_RANGE,
              Defect.VALUE_ABOVE_RANGE));

  /** Per indicator: one value forced to null (so even a sample has gaps) and one duplicate. */
  static final int FORCED_GAPS_PER_INDICATOR = 1;

  static final int DUPLICATES_PER_INDICATOR = 1;

  private DeliberateDefects() {}

  /** How many clean records an indicator needs so that every defect finds its own record. */
  static int minimumRecords(Indicator indicator) {
    return FORCED_GAPS_PER_INDICATOR + PLAN.get(indicator).size() + DUPLICATES_PER_INDICATOR;
  }

  /**
   * Plants the forced gap, the {@link #PLAN} defects and the duplicate in {@code records}, which
   * grows by one: a copy of the last clean record before a page boundary, inserted as the first
   * record of the next page, as a paged API shows a record twice when data shifts between calls.
   * With a single page, the copy is appended to it.
   */
  static void plant(
      Indicator indicator, List<ObjectNode> records, int pageSize, SplittableRandom random) {
    Set<Integer> touched = new HashSet<>();
    records.get(pickClean(indicator, records, touched, random)).putNull(OBS_VALUE);
    for (Defect defect : PLAN.get(indicator)) {
      defect.applyTo(records.get(pickClean(indicator, records, touched, random)));
    }
    Duplicate duplicate = placeDuplicate(records, touched, pageSize, random);
    records.add(duplicate.position(), records.get(duplicate.original()).deepCopy());
  }

  /** A duplicate: the index of the record copied and the index the copy is inserted at. */
  private record Duplicate(int original, int position) {}

  /**
   * The copy goes at a page boundary drawn among all of them; the original is the last clean record
   * before it. Should no clean record precede that boundary, the others are tried, and last the
   * end of the data.
   */
  private static Duplicate placeDuplicate(
      List<ObjectNode> records, Set<Integer> touched, int pageSize, SplittableRandom random) {
    int pages = (records.size() + pageSize - 1) / pageSize;
    List<Integer> boundaries = new ArrayList<>();
    int drawn = pages > 1 ? random.nextInt(pages - 1) : 0;
    for (int j = 0; j < pages - 1; j++) {
      boundaries.add(pageSize * (1 + (drawn + j) % (pages - 1)));
    }
    boundaries.add(records.size());
    for (int boundary : boundaries) {
      for (int original = boundary - 1; original >= 0; original--) {
        if (isClean(records, touched, original)) {
          return new Duplicate(original, boundary);
        }
      }
    }
    throw new IllegalStateException("no clean record left to duplicate");
  }

  private static int pickClean(
      Indicator indicator, List<ObjectNode> records, Set<Integer> touched, SplittableRandom random) {
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      if (isClean(records, touched, i)) {
        candidates.add(i);
      }
    }
    if (candidates.isEmpty()) {
      throw new IllegalStateException("no clean record left for a defect in " + indicator.indicatorId());
    }
    int picked = candidates.get(random.nextInt(candidates.size()));
    touched.add(picked);
    return picked;
  }

  private static boolean isClean(List<ObjectNode> records, Set<Integer> touched, int index) {
    return !touched.contains(index) && !records.get(index).get(OBS_VALUE).isNull();
  }
}
