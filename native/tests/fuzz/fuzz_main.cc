// paddle_native_fuzz: the C ABI fuzzer (../capi_fuzz.h) as a command-line tool.
//   paddle_native_fuzz [--calls N] [--seed S] [--timeout SECONDS] [--trace]
// Exits 0 when every call kept the contract and nothing leaked; prints the violations otherwise.
// A run is a pure function of the seed: rerun with --trace to see the calls before a failure.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "capi_fuzz.h"

int main(int argc, char** argv) {
  pd::fuzz::Options o;
  o.calls = 1000000;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (!std::strcmp(argv[i], "--calls") && has_value) o.calls = std::atoll(argv[++i]);
    else if (!std::strcmp(argv[i], "--seed") && has_value) o.seed = std::strtoull(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--timeout") && has_value) o.call_timeout_s = std::atof(argv[++i]);
    else if (!std::strcmp(argv[i], "--trace")) o.trace = true;
    else {
      std::fprintf(stderr, "usage: %s [--calls N] [--seed S] [--timeout SECONDS] [--trace]\n", argv[0]);
      return 2;
    }
  }
  // Chunks of 100k calls (each ends with the leak check), so progress shows and the pool resets.
  const auto t0 = std::chrono::steady_clock::now();
  int64_t done = 0, ok = 0, failed = 0, runs = 0, chunk = 0;
  int bad = 0;
  while (done < o.calls) {
    pd::fuzz::Options c = o;
    c.seed = o.seed + (uint64_t)chunk++ * 1000003ULL;
    c.calls = std::min<int64_t>(100000, o.calls - done);
    const pd::fuzz::Result r = pd::fuzz::run(c);
    done += r.calls;
    ok += r.ok;
    failed += r.failed;
    runs += r.op_runs_ok;
    for (const std::string& v : r.violations) {
      std::fprintf(stderr, "VIOLATION (seed %llu): %s\n", (unsigned long long)c.seed, v.c_str());
      ++bad;
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%lld calls (%lld ok, %lld failed as expected, %lld op runs ok), %.1f s, %d violations\n",
                (long long)done, (long long)ok, (long long)failed, (long long)runs, s, bad);
    std::fflush(stdout);
  }
  return bad == 0 ? 0 : 1;
}
