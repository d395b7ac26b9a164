/**
 * Capture of paged HTTP JSON APIs: {@link org.beamlake.capture.http.CaptureHttp} fetches request
 * series in parallel (fan-out), each page by page ({@link org.beamlake.capture.http.Pagination}),
 * with retries, a rate limit and secrets resolved on the worker, and stores each response body as
 * received. {@link org.beamlake.capture.http.ZipColumnArrays} turns column-array responses into row
 * records for the ETL side.
 */
package org.beamlake.capture.http;
