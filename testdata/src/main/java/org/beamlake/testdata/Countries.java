package org.beamlake.testdata;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The 200 countries the world-indicators demo covers, by ISO 3166-1 alpha-3 code in alphabetical
 * order, each with its approximate World Bank income group. A generator asked for {@code n}
 * countries takes the first {@code n}, so a small sample is a prefix of the full data's list.
 */
final class Countries {

  /** Income groups, as development levels in [0, 1] that shape every series of a country. */
  enum IncomeGroup {
    L(0.0, 0.3),
    LM(0.3, 0.55),
    UM(0.55, 0.8),
    H(0.8, 1.0);

    private final double lowest;
    private final double highest;

    IncomeGroup(double lowest, double highest) {
      this.lowest = lowest;
      this.highest = highest;
    }

    /** The development level at {@code position} in [0, 1] of this group's range. */
    double developmentAt(double position) {
      return lowest + (highest - lowest) * position;
    }
  }

  /**
   * Real ISO3 codes of World Bank economies; a few small territories are left out to keep 200.
   * The income groups are rounded from recent World Bank classifications: they only make the
   * synthetic values look plausible.
   */
  private static final String CODES_AND_GROUPS =
      """
      ABW:H AFG:L AGO:LM ALB:UM AND:H ARE:H ARG:UM ARM:UM ATG:H AUS:H
      AUT:H AZE:UM BDI:L BEL:H BEN:LM BFA:L BGD:LM BGR:UM BHR:H BHS:H
      BIH:UM BLR:UM BLZ:UM BOL:LM BRA:UM BRB:H BRN:H BTN:LM BWA:UM CAF:L
      CAN:H CHE:H CHL:H CHN:UM CIV:LM CMR:LM COD:L COG:LM COL:UM COM:LM
      CPV:LM CRI:UM CUB:UM CYP:H CZE:H DEU:H DJI:LM DMA:UM DNK:H DOM:UM
      DZA:UM ECU:UM EGY:LM ERI:L ESP:H EST:H ETH:L FIN:H FJI:UM FRA:H
      FSM:LM GAB:UM GBR:H GEO:UM GHA:LM GIN:L GMB:L GNB:L GNQ:UM GRC:H
      GRD:UM GTM:UM GUY:H HKG:H HND:LM HRV:H HTI:LM HUN:H IDN:UM IND:LM
      IRL:H IRN:UM IRQ:UM ISL:H ISR:H ITA:H JAM:UM JOR:UM JPN:H KAZ:UM
      KEN:LM KGZ:LM KHM:LM KIR:LM KNA:H KOR:H KWT:H LAO:LM LBN:LM LBR:L
      LBY:UM LCA:UM LIE:H LKA:LM LSO:LM LTU:H LUX:H LVA:H MAC:H MAR:LM
      MCO:H MDA:UM MDG:L MDV:UM MEX:UM MHL:UM MKD:UM MLI:L MLT:H MMR:LM
      MNE:UM MNG:LM MOZ:L MRT:LM MUS:UM MWI:L MYS:UM NAM:UM NER:L NGA:LM
      NIC:LM NLD:H NOR:H NPL:LM NRU:H NZL:H OMN:H PAK:LM PAN:H PER:UM
      PHL:LM PLW:H PNG:LM POL:H PRI:H PRK:L PRT:H PRY:UM PSE:LM QAT:H
      ROU:H RUS:UM RWA:L SAU:H SDN:L SEN:LM SGP:H SLB:LM SLE:L SLV:UM
      SMR:H SOM:L SRB:UM SSD:L STP:LM SUR:UM SVK:H SVN:H SWE:H SWZ:LM
      SYC:H SYR:L TCD:L TGO:L THA:UM TJK:LM TKM:UM TLS:LM TON:UM TTO:H
      TUN:LM TUR:UM TUV:UM TZA:LM UGA:L UKR:UM URY:H USA:H UZB:LM VCT:UM
      VEN:UM VGB:H VIR:H VNM:LM VUT:LM WSM:LM YEM:L ZAF:UM ZMB:LM ZWE:LM
      """;

  /** Every country's income group, in alphabetical order of the codes. */
  static final Map<String, IncomeGroup> INCOME_GROUPS = parse(CODES_AND_GROUPS);

  /** The codes, in alphabetical order. */
  static final List<String> ISO3_CODES = List.copyOf(INCOME_GROUPS.keySet());

  /** Oil and gas exporters whose CO2 per capita is several times that of their income group. */
  static final Set<String> HIGH_EMITTERS = Set.of("ARE", "BHR", "BRN", "KWT", "OMN", "QAT", "SAU", "TTO");

  private Countries() {}

  private static Map<String, IncomeGroup> parse(String text) {
    Map<String, IncomeGroup> groups = new LinkedHashMap<>();
    for (String entry : text.trim().split("\\s+")) {
      String[] codeAndGroup = entry.split(":");
      groups.put(codeAndGroup[0], IncomeGroup.valueOf(codeAndGroup[1]));
    }
    return groups;
  }
}
