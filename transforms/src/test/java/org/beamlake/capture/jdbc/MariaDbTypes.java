package org.beamlake.capture.jdbc;

import java.util.List;

/** A MariaDB table with one column of each MySQL type in the mapping, a full row and an all-null row. */
final class MariaDbTypes {
  private MariaDbTypes() {}

  static final String[] SETUP = {
      "CREATE TABLE type_zoo (id int, ti tinyint, s smallint, mi mediumint, i int, b bigint, bu bigint unsigned,"
          + " n decimal(38,10), r float, d double, bo boolean, bt bit(1), bts bit(5), dt date, tm time, tm6 time(6),"
          + " dtm datetime, dtm6 datetime(6), ts timestamp NULL, yr year, tx text, vc varchar(10), ch char(5),"
          + " bl blob, vb varbinary(4), j json, e enum('sad','happy'), st set('a','b','c'))",
      "INSERT INTO type_zoo VALUES (1, -128, 32767, 8388607, -2147483648, 9223372036854775807, 18446744073709551615,"
          + " 1234567890123456789012345678.0123456789, 3.14, 2.718281828459045, true, b'1', b'10101', '2024-02-29',"
          + " '-838:59:59', '13:45:30.123456', '2024-02-29 13:45:30', '2024-02-29 13:45:30.5', '2024-02-29 13:45:30',"
          + " 2006, 'line1\\nline2 \"q\" \u00e9', 'abc', 'ab', x'00ff10', x'0102', '{\"k\": [1, 2]}', 'happy', 'a,c')",
      "INSERT INTO type_zoo (id) VALUES (2)"};

  static final List<String> EXPECTED_LINES = List.of(
      "{\"id\":1,\"ti\":-128,\"s\":32767,\"mi\":8388607,\"i\":-2147483648,\"b\":9223372036854775807,"
          + "\"bu\":18446744073709551615,\"n\":1234567890123456789012345678.0123456789,\"r\":3.14,"
          + "\"d\":2.718281828459045,\"bo\":true,\"bt\":true,\"bts\":\"10101\",\"dt\":\"2024-02-29\","
          + "\"tm\":\"-838:59:59\",\"tm6\":\"13:45:30.123456\",\"dtm\":\"2024-02-29T13:45:30\","
          + "\"dtm6\":\"2024-02-29T13:45:30.5\",\"ts\":\"2024-02-29T13:45:30Z\",\"yr\":2006,"
          + "\"tx\":\"line1\\nline2 \\\"q\\\" \u00e9\",\"vc\":\"abc\",\"ch\":\"ab\",\"bl\":\"AP8Q\",\"vb\":\"AQI=\","
          + "\"j\":\"{\\\"k\\\": [1, 2]}\",\"e\":\"happy\",\"st\":\"a,c\"}",
      "{\"id\":2,\"ti\":null,\"s\":null,\"mi\":null,\"i\":null,\"b\":null,\"bu\":null,\"n\":null,\"r\":null,"
          + "\"d\":null,\"bo\":null,\"bt\":null,\"bts\":null,\"dt\":null,\"tm\":null,\"tm6\":null,\"dtm\":null,"
          + "\"dtm6\":null,\"ts\":null,\"yr\":null,\"tx\":null,\"vc\":null,\"ch\":null,\"bl\":null,\"vb\":null,"
          + "\"j\":null,\"e\":null,\"st\":null}");
}
