package org.beamlake.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SakilaPostgresTest {
  static final Path SAKILA = Path.of("dvd-rental", "sakila");

  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.add(rs.getString(i));
        }
        rows.add(String.join("|", row));
      }
    }
    return rows;
  }

  @Test
  void loadsSakilaForAReadOnlyRoleWithItsOwnPassword() throws Exception {
    try (SakilaPostgres db = SakilaPostgres.start(SAKILA, 0);
        Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
      assertEquals(List.of("200|1000|16044|16049|599|603"), rows(c, "SELECT (SELECT count(*) FROM actor), "
          + "(SELECT count(*) FROM film), (SELECT count(*) FROM rental), (SELECT count(*) FROM payment), "
          + "(SELECT count(*) FROM customer), (SELECT count(*) FROM address)"));
      assertEquals(List.of("GINA|DEGENERES|42"), rows(c, "SELECT a.first_name, a.last_name, count(*) AS films "
          + "FROM actor a JOIN film_actor fa USING (actor_id) GROUP BY a.actor_id, a.first_name, a.last_name "
          + "ORDER BY films DESC LIMIT 1"));
      assertThrows(SQLException.class, () -> rows(c, "DELETE FROM actor"));
      assertThrows(SQLException.class, () -> DriverManager.getConnection(db.url(), db.user(), "wrong").close());
    }
  }
}
