package org.beamlake.capture.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.beamlake.capture.Secrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every table of Sakila in PostgreSQL (int, numeric, text, varchar, timestamp, date, bool, bytea,
 * text[], tsvector, the mpaa_rating enum, the year domain) is captured to exactly the JSON lines it
 * was captured to before the rows were streamed straight into files (the digests were taken with
 * {@code JdbcIO} and {@code TextIO}): per table, the SHA-256 of its lines, sorted, each ended by a
 * line break, and the rows.
 */
class CaptureJdbcSakilaDigestTest {
  private static final Map<String, String> EXPECTED = Map.ofEntries(
      Map.entry("actor", "200 f72d6f7a2281b093f012244e38eded7054e470f83421c26782c1954604107448"),
      Map.entry("address", "603 9ff821cfe4bc774aa14826f3d697ad804f25ca6977495f5c6986eea259d17007"),
      Map.entry("category", "16 399baa2867a5e87e211f1483dc94b9c5f9a25ad1f2a055c3c924516c3f400117"),
      Map.entry("city", "600 7f0e4b711650637932f6ea5277508f4ef41f38c81b3d964a25ac96c40edcef46"),
      Map.entry("country", "109 399cc30f4faefe0bf07265bdc5270092f5b9fa9e1cd5aa39633f67032688e226"),
      Map.entry("customer", "599 9a03361798865527f53807de18d63c2a92676582eb0784aaec5633a2fced7d3b"),
      Map.entry("film", "1000 d90595593f2ca19e8740e04cabae0c5b068241dfc0f0a55eb71eb360d15443bb"),
      Map.entry("film_actor", "5462 a3fa0572198d1420770e78ff908a28c9caaae1304ea3a712c693fc83138b73d8"),
      Map.entry("film_category", "1000 9963f63ad25eb95f7c2bafc46652010b0c93da20de35584d7117900c81efd29f"),
      Map.entry("inventory", "4581 d10babda600585fa777421a195d6dde857fc5b30500ae0562a0d1d5402f63293"),
      Map.entry("language", "6 2d24332111f1c863f9d654f395c6586a955ccbe767df7a20fe0895f667d80393"),
      Map.entry("payment", "16049 6c4b63ca8ba1da03dc8abd1d7dc1fb99436020b9757828fb240dbd6576cec098"),
      Map.entry("payment_p2007_01", "0 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
      Map.entry("payment_p2007_02", "0 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
      Map.entry("payment_p2007_03", "0 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
      Map.entry("payment_p2007_04", "0 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
      Map.entry("payment_p2007_05", "0 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
      Map.entry("payment_p2007_06", "0 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
      Map.entry("rental", "16044 b3ed5cf16929173b33def1cc170425e636b5f57da9a7df8aca0194c61fa7ee46"),
      Map.entry("staff", "2 d50fe7e074682e974deac8cbb57ead3ddd70c6b78f7b8ad46b2e34582537d2d0"),
      Map.entry("store", "2 a1f306cb10d8c0cac4bd74042265285aa212498a39c44ad678f7e4d87347ec98"));

  static SakilaPostgres db;

  @BeforeAll
  static void start() throws Exception {
    db = SakilaPostgres.start();
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  @Test
  void everyTableIsCapturedToTheSameLinesAsBefore(@TempDir Path staging) throws Exception {
    List<String> tables = db.column("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        + " AND table_type = 'BASE TABLE' ORDER BY table_name");
    CaptureRun run = CaptureRun.run(staging, CaptureJdbc.from(db.url())
        .withUsername(SakilaPostgres.USER)
        .withPassword("${env:PG_PASSWORD}")
        .withSecrets(Secrets.of(Map.of("PG_PASSWORD", SakilaPostgres.PASSWORD)))
        .withTables(tables)
        .withShards(2));

    Map<String, String> digests = new TreeMap<>();
    for (String table : tables) {
      List<String> lines = run.lines(table);
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      lines.forEach(line -> sha256.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
      digests.put(table, lines.size() + " " + HexFormat.of().formatHex(sha256.digest()));
    }
    assertEquals(new TreeMap<>(EXPECTED), digests);
  }
}
