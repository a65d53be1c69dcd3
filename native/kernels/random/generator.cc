#include "kernels/random/generator.h"

namespace pd {
Generator& default_generator() {
  static Generator g;
  return g;
}
}  // namespace pd
