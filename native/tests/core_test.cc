// Tensor core: allocation, strides, views, contiguity, dtype conversion, live counters.
#include <gtest/gtest.h>

#include "core/alloc_stats.h"
#include "core/tensor.h"
#include "framework/op_registry.h"

using namespace pd;

TEST(Tensor, ContiguousStridesAndNumel) {
  TensorRef t = empty_tensor(DType::Float32, {2, 3, 4});
  EXPECT_EQ(t->numel(), 24);
  EXPECT_EQ(t->strides[0], 12);
  EXPECT_EQ(t->strides[1], 4);
  EXPECT_EQ(t->strides[2], 1);
  EXPECT_TRUE(t->is_contiguous());
}

TEST(Tensor, RejectsNegativeDimAndHugeRank) {
  try {
    empty_tensor(DType::Float32, {2, -1});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), PD_INVALID_ARGUMENT);
    EXPECT_NE(std::string(e.what()).find("negative dimension -1 at axis 1"), std::string::npos);
  }
  std::vector<int64_t> ten(10, 1);
  EXPECT_THROW(empty_tensor(DType::Float32, ten), Error);
}

TEST(Tensor, HugeAllocationIsOutOfMemory) {
  try {
    empty_tensor(DType::Float32, {1000000, 1000000});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), PD_OUT_OF_MEMORY);
  }
}

TEST(Tensor, TransposedViewCopiesInRowMajorOrder) {
  TensorRef t = empty_tensor(DType::Int32, {2, 3});
  for (int i = 0; i < 6; ++i) t->data<int32_t>()[i] = i;
  int64_t dims[2] = {3, 2}, strides[2] = {1, 3};
  TensorRef v = make_view(*t, dims, strides, 2, 0);
  EXPECT_FALSE(v->is_contiguous());
  int32_t out[6];
  copy_to_contiguous(*v, out);
  const int32_t want[6] = {0, 3, 1, 4, 2, 5};
  for (int i = 0; i < 6; ++i) EXPECT_EQ(out[i], want[i]);
}

TEST(Tensor, LiveCountersReturnToBaseline) {
  const int64_t bytes = stats::storage_bytes.load(), tensors = stats::tensors.load();
  {
    TensorRef a = empty_tensor(DType::Float64, {10, 10});
    TensorRef b = alias_detached(*a);
    EXPECT_EQ(stats::storage_bytes.load(), bytes + 800);
    EXPECT_EQ(stats::tensors.load(), tensors + 2);
  }
  EXPECT_EQ(stats::storage_bytes.load(), bytes);
  EXPECT_EQ(stats::tensors.load(), tensors);
}

TEST(DType, HalfConversionsRoundTrip) {
  EXPECT_EQ(static_cast<float>(float16(1.0f)), 1.0f);
  EXPECT_EQ(float16(1.0f).bits, 0x3c00);
  EXPECT_EQ(float16(65504.0f).bits, 0x7bff);
  EXPECT_EQ(float16(1e6f).bits, 0x7c00);  // overflow to +inf
  EXPECT_EQ(static_cast<float>(float16(-2.5f)), -2.5f);
  EXPECT_EQ(static_cast<float>(bfloat16(3.0f)), 3.0f);
  EXPECT_EQ(bfloat16(1.0f).bits, 0x3f80);
  EXPECT_EQ(static_cast<float>(float16(5.960464477539063e-08f)), 5.960464477539063e-08f);
}

TEST(Registry, CastIsRegisteredUnderPaddleName) {
  const OpDef* d = OpRegistry::instance().find("cast");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->attr_index("out_dtype"), 1);
  EXPECT_EQ(OpRegistry::instance().find("no_such_op"), nullptr);
}

TEST(Registry, CastConvertsAndRejectsBadDtype) {
  TensorRef t = empty_tensor(DType::Float32, {3});
  float* p = t->data<float>();
  p[0] = 1.7f; p[1] = -2.2f; p[2] = 0.0f;
  TensorRef r = call("cast", {t}, {{"in_dtype", (int64_t)5}, {"out_dtype", (int64_t)3}});
  EXPECT_EQ(r->dtype, DType::Int64);
  EXPECT_EQ(r->data<int64_t>()[0], 1);
  EXPECT_EQ(r->data<int64_t>()[1], -2);
  try {
    call("cast", {t}, {{"out_dtype", (int64_t)99}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "cast: out_dtype 99 is not a Paddle dtype");
  }
}
