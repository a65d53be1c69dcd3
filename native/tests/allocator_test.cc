// CPU allocator cache and the vectorisable exp.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/allocator.h"
#include "core/tensor.h"
#include "kernels/common/vec_math.h"

using namespace pd;

TEST(Allocator, LargeBlocksAreReusedAndCountedOutsideLiveBytes) {
  cpu_allocator::empty_cache();
  void* a = cpu_allocator::allocate(3 << 20);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % 64, 0u);
  cpu_allocator::release(a, 3 << 20);
  EXPECT_GE(cpu_allocator::cached_bytes(), 3 << 20);
  void* b = cpu_allocator::allocate((3 << 20) - 100);  // same size class
  EXPECT_EQ(a, b);
  cpu_allocator::release(b, (3 << 20) - 100);
  cpu_allocator::empty_cache();
  EXPECT_EQ(cpu_allocator::cached_bytes(), 0);
}

TEST(Allocator, SmallBlocksAreNotCached) {
  cpu_allocator::empty_cache();
  void* a = cpu_allocator::allocate(1000);
  ASSERT_NE(a, nullptr);
  cpu_allocator::release(a, 1000);
  EXPECT_EQ(cpu_allocator::cached_bytes(), 0);
}

TEST(VecMath, ExpF32MatchesLibmWithinFewUlp) {
  double worst = 0;
  for (float x = -87.0f; x < 88.0f; x += 0.01337f) {
    const float want = std::exp(x), got = exp_f32(x);
    worst = std::max(worst, std::fabs((double)got - want) / want);
  }
  EXPECT_LT(worst, 5e-7);
  EXPECT_EQ(exp_f32(0.0f), 1.0f);
  EXPECT_EQ(exp_f32(-1000.0f), 0.0f);
  EXPECT_TRUE(std::isinf(exp_f32(1000.0f)));
  EXPECT_TRUE(std::isnan(exp_f32(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_EQ(exp_f32(-std::numeric_limits<float>::infinity()), 0.0f);
}
