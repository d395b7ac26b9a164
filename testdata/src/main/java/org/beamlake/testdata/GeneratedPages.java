package org.beamlake.testdata;

import java.nio.file.Path;

/**
 * What one run of {@link WorldIndicatorsGenerator} wrote.
 *
 * @param pagesDir the directory holding the page files
 * @param records the records written, over all indicators, bad ones and duplicates included
 * @param pages the page files written
 */
public record GeneratedPages(Path pagesDir, int records, int pages) {

  /** The one line the command prints. */
  public String summary() {
    return "Wrote " + records + " world-indicator records in " + pages + " pages to " + pagesDir;
  }
}
