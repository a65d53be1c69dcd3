// The fixed-seed slice of the C ABI fuzzer (capi_fuzz.h) that runs with every test build:
// 20 000 random and adversarial calls must all return with the error contract kept, and leave
// no live tensors, storages or autograd nodes behind.
#include <gtest/gtest.h>

#include "capi_fuzz.h"

namespace {

TEST(CapiFuzz, FixedSeedSliceKeepsTheContractAndLeaksNothing) {
  pd::fuzz::Options o;
  o.seed = 20260525;
  o.calls = 20000;
  const pd::fuzz::Result r = pd::fuzz::run(o);
  for (const std::string& v : r.violations) ADD_FAILURE() << v;
  EXPECT_GE(r.calls, o.calls);
  // The slice must reach the kernels and the error paths alike, not just bounce off checks.
  EXPECT_GT(r.op_runs_ok, 1000) << "too few op calls reached a kernel";
  EXPECT_GT(r.backward_ok, 20);
  EXPECT_GT(r.failed, 2000);
  std::printf("fuzz slice: %lld calls, %lld ok, %lld failed, %lld op runs ok, %lld backward ok\n",
              (long long)r.calls, (long long)r.ok, (long long)r.failed, (long long)r.op_runs_ok,
              (long long)r.backward_ok);
}

}  // namespace
