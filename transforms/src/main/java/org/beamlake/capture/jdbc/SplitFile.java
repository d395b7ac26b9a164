package org.beamlake.capture.jdbc;

import java.io.Serializable;

/**
 * The rows of one split as written by {@link ReadSplitFn}: a temporary file, merged into a shard
 * later, and the rows (lines) it holds.
 */
record SplitFile(int index, String path, long rows) implements Serializable {}
