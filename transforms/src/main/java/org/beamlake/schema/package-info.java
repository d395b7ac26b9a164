/**
 * Column types of beamlake datasets and their mapping to Beam schema types, with the one text and
 * value conversion that parsing and casting share, so a value is typed the same way everywhere.
 */
package org.beamlake.schema;
