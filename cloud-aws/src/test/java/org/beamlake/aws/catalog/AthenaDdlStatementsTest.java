package org.beamlake.aws.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements for tables the demo lake does not have: quoting, no codec, many partitions. */
class AthenaDdlStatementsTest {
  @Test
  void quotesNamesAndLiteralsAndSplitsManyPartitions() {
    List<CatalogTable.Partition> partitions = new ArrayList<>();
    for (int i = 0; i < AthenaDdl.PARTITIONS_PER_STATEMENT + 1; i++) {
      partitions.add(new CatalogTable.Partition("it's " + i, "s3://b/l/refined/t/k=" + i + "/"));
    }
    CatalogTable table = new CatalogTable("odd`name", "s3://b/l/refined/odd`name/",
        List.of(new CatalogTable.Column("amount", "decimal(38,18)")), new CatalogTable.Column("k", "string"),
        partitions, null);
    List<String> sql = AthenaDdl.statements(null, table);
    assertEquals(3, sql.size());
    assertEquals("CREATE EXTERNAL TABLE IF NOT EXISTS `odd``name` (\n  `amount` decimal(38,18)\n)\n"
        + "PARTITIONED BY (\n  `k` string\n)\nSTORED AS PARQUET\nLOCATION 's3://b/l/refined/odd`name/'", sql.get(0));
    assertEquals(AthenaDdl.PARTITIONS_PER_STATEMENT + 1, sql.get(1).lines().count());
    assertEquals("  PARTITION (`k` = 'it''s 0') LOCATION 's3://b/l/refined/t/k=0/'", sql.get(1).lines().toList().get(1));
    assertEquals("ALTER TABLE `odd``name` ADD IF NOT EXISTS\n  PARTITION (`k` = 'it''s 100') LOCATION "
        + "'s3://b/l/refined/t/k=100/'", sql.get(2));
  }
}
