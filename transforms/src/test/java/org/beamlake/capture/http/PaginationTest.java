package org.beamlake.capture.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PaginationTest {
  private static String error(Executable call) {
    return assertThrows(IllegalArgumentException.class, call).getMessage();
  }

  @Test
  void defaultsDescribeTheWorldBankStyles() {
    assertEquals("offset(skip by 1000, records /value, count /count)", Pagination.offset().toString());
    assertEquals("pageNumber(page, records /1, pages /0/pages)", Pagination.pageNumber().toString());
    assertEquals("pageNumber(p, per_page=1000, records /data, pages /meta/pages)", Pagination.pageNumber()
        .withParameter("p").withPageSizeParameter("per_page").withPageSize(1000)
        .withRecordsPath("/data").withPagesPath("/meta/pages").toString());
    assertEquals("nextLink(/next, records /results)", Pagination.nextLink("/next").toString());
    assertEquals("nextLink(/meta/cursor as cursor, records /results)",
        Pagination.nextLink("/meta/cursor").withCursorParameter("cursor").toString());
    assertEquals("linkHeader(records )", Pagination.linkHeader().toString());
    assertEquals("single(records /daily/time)", Pagination.single().withRecordsPath("/daily/time").toString());
  }

  @Test
  void equalSettingsAreEqualWhateverTheOrder() {
    assertEquals(Pagination.offset().withPageSize(10).withParameter("offset"),
        Pagination.offset().withParameter("offset").withPageSize(10));
  }

  @Test
  void eachSettingChecksItsArgument() {
    assertEquals("pageSize must be > 0, got 0", error(() -> Pagination.offset().withPageSize(0)));
    assertEquals("parameter must not be blank", error(() -> Pagination.offset().withParameter(" ")));
    assertEquals("recordsPath must be a JSON pointer (\"\" or starting with '/'), got 'value'",
        error(() -> Pagination.offset().withRecordsPath("value")));
    assertEquals("nextLink must be a JSON pointer (\"\" or starting with '/'), got 'next'",
        error(() -> Pagination.nextLink("next")));
    assertEquals("recordsPath must not be null", error(() -> Pagination.single().withRecordsPath(null)));
  }

  @Test
  void aSettingOfAnotherKindIsRefused() {
    assertEquals("withPageSize applies to [OFFSET, PAGE_NUMBER] pagination, not NEXT_LINK",
        error(() -> Pagination.nextLink("/next").withPageSize(10)));
    assertEquals("withCountPath applies to [OFFSET] pagination, not PAGE_NUMBER",
        error(() -> Pagination.pageNumber().withCountPath("/total")));
    assertEquals("withPagesPath applies to [PAGE_NUMBER] pagination, not OFFSET",
        error(() -> Pagination.offset().withPagesPath("/pages")));
    assertEquals("withCursorParameter applies to [NEXT_LINK] pagination, not LINK_HEADER",
        error(() -> Pagination.linkHeader().withCursorParameter("c")));
    assertEquals("withParameter applies to [OFFSET, PAGE_NUMBER] pagination, not SINGLE",
        error(() -> Pagination.single().withParameter("page")));
  }

  @Test
  void findsRelNextInLinkHeaders() {
    assertEquals("https://api.github.com/repositories/1/issues?page=2", Pager.nextLink(List.of(
        "<https://api.github.com/repositories/1/issues?page=2>; rel=\"next\", "
            + "<https://api.github.com/repositories/1/issues?page=9>; rel=\"last\"")));
    assertEquals("/b?page=3", Pager.nextLink(List.of("</a>; rel=prev", "</b?page=3>;title=\"x\"; REL=\"last next\"")));
    assertEquals("/c?x=1,2", Pager.nextLink(List.of("</c?x=1,2>; rel=\"next\"")));
    assertNull(Pager.nextLink(List.of("<https://h/p?page=1>; rel=\"prev\", <https://h/p?page=1>; rel=\"first\"")));
    assertNull(Pager.nextLink(List.of()));
  }
}
