// The global CPU random generator behind paddle.seed. One mt19937_64 stream (as Paddle's CPU
// generator); draws are serialised by a mutex so results are reproducible for a given seed
// regardless of the thread count.
#pragma once
#include <cstdint>
#include <mutex>
#include <random>

namespace pd {

class Generator {
 public:
  explicit Generator(uint64_t seed = 34342423252ull) : engine_(seed), seed_(seed) {}
  void seed(uint64_t s) {
    std::lock_guard<std::mutex> lock(mu_);
    seed_ = s;
    engine_.seed(s);
  }
  uint64_t current_seed() const { return seed_; }
  // Runs f(engine) under the generator's lock.
  template <typename F>
  void with_engine(F&& f) {
    std::lock_guard<std::mutex> lock(mu_);
    f(engine_);
  }

 private:
  std::mutex mu_;
  std::mt19937_64 engine_;
  uint64_t seed_;
};

Generator& default_generator();

}  // namespace pd
