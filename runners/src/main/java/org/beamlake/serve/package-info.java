/**
 * {@code beamlake serve}: a small read-only HTTP JSON API over a lake's refined tables and run
 * records, on the JDK's own HTTP server. Only what a committed {@code refined/<table>/_SUCCESS} or a
 * {@code _runs/<run_id>.json} lists can be reached: names in a request are looked up in those
 * listings, never turned into paths.
 */
package org.beamlake.serve;
