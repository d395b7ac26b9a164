package org.beamlake.testdata;

import java.util.SplittableRandom;

/**
 * The three Data360 series of the world-indicators demo and how each country's values evolve.
 *
 * <p>Each series is a smooth curve whose shape depends on the country's development level (a
 * number in [0, 1] drawn within its income group's range and shared by all three series, so a
 * country with a long life expectancy also has electricity and a higher CO2 output) plus small
 * seeded wobbles. Only {@link StrictMath}
 * is used, so the values are the same on every JVM.
 */
enum Indicator {
  LIFE_EXPECTANCY(
      "WB_WDI", "WB_WDI_SP_DYN_LE00_IN", "Y", 1960, 2023, 3, 30, 85,
      "World Development Indicators", "2024.12") {
    @Override
    double[] series(String country, double development, SplittableRandom random) {
      double start = clamp(34 + 36 * development + 3 * noise(random), 31, 72);
      double ceiling = StrictMath.min(84.5, StrictMath.max(start + 4, 64 + 20 * development + 2 * noise(random)));
      double rate = 0.025 + 0.03 * random.nextDouble();
      Wobble wobble = new Wobble(random, 0.35);
      double[] values = new double[years()];
      for (int t = 0; t < values.length; t++) {
        double trend = ceiling - (ceiling - start) * StrictMath.exp(-rate * t);
        values[t] = clamp(trend + wobble.at(t) + 0.05 * noise(random), minValue(), maxValue());
      }
      return values;
    }
  },
  CO2_PER_CAPITA(
      "WB_ESG", "WB_ESG_EN_ATM_CO2E_PC", "T_CO2E_PC", 1990, 2020, 3, 0.02, 40,
      "Environment, Social and Governance Data", "2024.09") {
    @Override
    double[] series(String country, double development, SplittableRandom random) {
      double level = StrictMath.pow(10, -1.2 + 2.2 * development + 0.25 * noise(random));
      if (Countries.HIGH_EMITTERS.contains(country)) {
        level *= 4;
      }
      double growth = 0.035 * (1 - development) - 0.012 + 0.006 * noise(random);
      Wobble wobble = new Wobble(random, 0.05);
      double[] values = new double[years()];
      for (int t = 0; t < values.length; t++) {
        double value = level * StrictMath.exp(growth * t) * (1 + wobble.at(t)) * (1 + 0.01 * noise(random));
        values[t] = clamp(value, minValue(), maxValue());
      }
      return values;
    }
  },
  ELECTRICITY_ACCESS(
      "WB_SE4ALL", "WB_SE4ALL_EG_ELC_ACCS_ZS", "PT_POP", 2000, 2022, 2, 0, 100,
      "Sustainable Energy for All", "2024.06") {
    @Override
    double[] series(String country, double development, SplittableRandom random) {
      double midpoint = 2035 - 75 * development + 6 * noise(random);
      double steepness = 0.12 + 0.18 * random.nextDouble();
      double[] values = new double[years()];
      for (int t = 0; t < values.length; t++) {
        double share = 100 / (1 + StrictMath.exp(-steepness * (firstYear() + t - midpoint)));
        // The wobble fades at 0 % and 100 %, so saturated countries stay at exactly 100.
        double value = share + 0.6 * noise(random) * share * (100 - share) / 2500;
        values[t] = value > 99.95 ? 100 : clamp(value, minValue(), maxValue());
      }
      return values;
    }
  };

  private final String databaseId;
  private final String indicatorId;
  private final String unitMeasure;
  private final int firstYear;
  private final int lastYear;
  private final int decimals;
  private final double minValue;
  private final double maxValue;
  private final String dataSource;
  private final String dbVersion;

  Indicator(
      String databaseId, String indicatorId, String unitMeasure, int firstYear, int lastYear,
      int decimals, double minValue, double maxValue, String dataSource, String dbVersion) {
    this.databaseId = databaseId;
    this.indicatorId = indicatorId;
    this.unitMeasure = unitMeasure;
    this.firstYear = firstYear;
    this.lastYear = lastYear;
    this.decimals = decimals;
    this.minValue = minValue;
    this.maxValue = maxValue;
    this.dataSource = dataSource;
    this.dbVersion = dbVersion;
  }

  /**
   * The values of {@code country}, whose development level is {@code development}, for every
   * year from {@link #firstYear()} to {@link #lastYear()}, within [{@link #minValue()}, {@link
   * #maxValue()}], drawn from {@code random} in a fixed order.
   */
  abstract double[] series(String country, double development, SplittableRandom random);

  String databaseId() {
    return databaseId;
  }

  String indicatorId() {
    return indicatorId;
  }

  String unitMeasure() {
    return unitMeasure;
  }

  int firstYear() {
    return firstYear;
  }

  int lastYear() {
    return lastYear;
  }

  int years() {
    return lastYear - firstYear + 1;
  }

  /** Decimal places of the published values, as in the records' {@code DECIMALS} column. */
  int decimals() {
    return decimals;
  }

  double minValue() {
    return minValue;
  }

  double maxValue() {
    return maxValue;
  }

  String dataSource() {
    return dataSource;
  }

  String dbVersion() {
    return dbVersion;
  }

  private static double clamp(double value, double min, double max) {
    return StrictMath.max(min, StrictMath.min(max, value));
  }

  /** Roughly normal noise with mean 0 and standard deviation 0.5, bounded by ±1.5. */
  private static double noise(SplittableRandom random) {
    return random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5;
  }

  /** A slow sinusoidal swing around the trend, like business cycles or epidemics. */
  private static final class Wobble {
    private final double amplitude;
    private final double period;
    private final double phase;

    Wobble(SplittableRandom random, double amplitude) {
      this.amplitude = amplitude;
      this.period = 7 + 8 * random.nextDouble();
      this.phase = 2 * StrictMath.PI * random.nextDouble();
    }

    double at(int t) {
      return amplitude * StrictMath.sin(2 * StrictMath.PI * t / period + phase);
    }
  }
}
