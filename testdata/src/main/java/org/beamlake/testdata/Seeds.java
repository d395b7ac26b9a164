package org.beamlake.testdata;

import java.util.SplittableRandom;

/**
 * Independent random streams derived from one seed and a name, so that, for example, a country's
 * life-expectancy curve does not change when more countries or years are generated.
 */
final class Seeds {

  private Seeds() {}

  /** A random stream for {@code seed} and the given name parts; same inputs, same stream. */
  static SplittableRandom random(long seed, String... nameParts) {
    long mixed = mix64(seed);
    for (String part : nameParts) {
      // String.hashCode is specified by the JLS, so it is stable across JVMs.
      mixed = mix64(mixed * 31 + part.hashCode());
    }
    return new SplittableRandom(mixed);
  }

  /** The finalizer of MurmurHash3: spreads close inputs over all 64 bits. */
  private static long mix64(long value) {
    long z = value;
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
