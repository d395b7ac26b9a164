package org.beamlake.capture.jdbc;

import java.util.List;

/** A PostgreSQL table with one column of each type in the mapping, a full row and an all-null row. */
final class PostgresTypes {
  private PostgresTypes() {}

  static final String[] SETUP = {
      "CREATE TYPE mood AS ENUM ('sad', 'happy')",
      "CREATE TABLE type_zoo (id int, s smallint, i integer, b bigint, n numeric(38,10), n2 numeric, r real,"
          + " d double precision, bo boolean, bt bit(1), bts bit(5), dt date, tm time, tmtz timetz, ts timestamp,"
          + " tstz timestamptz, tx text, vc varchar(10), ch char(5), by bytea, ia int[], ta text[], j json, jb jsonb,"
          + " u uuid, iv interval, m mood, tv tsvector, yr year)",
      "INSERT INTO type_zoo VALUES (1, 32767, -2147483648, 9223372036854775807,"
          + " 1234567890123456789012345678.0123456789, 'NaN', 3.14, 2.718281828459045, true, B'1', B'10101',"
          + " '2024-02-29', '13:45:30.123456', '13:45:30+02', '2024-02-29 13:45:30.5', '2024-02-29 13:45:30+02',"
          + " E'line1\\nline2 \"q\" \u00e9', 'abc', 'ab', '\\x00ff10', '{1,2,NULL}', '{a,\"b c\"}', '{\"k\": [1, 2]}',"
          + " '{\"k\": [1, 2]}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '1 day 02:03:04', 'happy', 'a fat cat', 2006)",
      "INSERT INTO type_zoo (id) VALUES (2)"};

  static final List<String> EXPECTED_LINES = List.of(
      "{\"id\":1,\"s\":32767,\"i\":-2147483648,\"b\":9223372036854775807,"
          + "\"n\":1234567890123456789012345678.0123456789,\"n2\":\"NaN\",\"r\":3.14,\"d\":2.718281828459045,"
          + "\"bo\":true,\"bt\":true,\"bts\":\"10101\",\"dt\":\"2024-02-29\",\"tm\":\"13:45:30.123456\","
          + "\"tmtz\":\"13:45:30+02:00\",\"ts\":\"2024-02-29T13:45:30.5\",\"tstz\":\"2024-02-29T11:45:30Z\","
          + "\"tx\":\"line1\\nline2 \\\"q\\\" \u00e9\",\"vc\":\"abc\",\"ch\":\"ab   \",\"by\":\"AP8Q\","
          + "\"ia\":\"{1,2,NULL}\",\"ta\":\"{a,\\\"b c\\\"}\",\"j\":\"{\\\"k\\\": [1, 2]}\","
          + "\"jb\":\"{\\\"k\\\": [1, 2]}\",\"u\":\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\","
          + "\"iv\":\"1 day 02:03:04\",\"m\":\"happy\",\"tv\":\"'a' 'cat' 'fat'\",\"yr\":2006}",
      "{\"id\":2,\"s\":null,\"i\":null,\"b\":null,\"n\":null,\"n2\":null,\"r\":null,\"d\":null,\"bo\":null,"
          + "\"bt\":null,\"bts\":null,\"dt\":null,\"tm\":null,\"tmtz\":null,\"ts\":null,\"tstz\":null,\"tx\":null,"
          + "\"vc\":null,\"ch\":null,\"by\":null,\"ia\":null,\"ta\":null,\"j\":null,\"jb\":null,\"u\":null,"
          + "\"iv\":null,\"m\":null,\"tv\":null,\"yr\":null}");
}
