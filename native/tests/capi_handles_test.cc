// C ABI handles and argument validation (issue 5): a handle is a never-reused id, so released,
// double-released, NULL and made-up handles are reported, never dereferenced.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "capi/handle_table.h"
#include "paddle_c.h"

namespace {

struct Stats {
  int64_t bytes = 0, tensors = 0, storages = 0, nodes = 0;
  bool operator==(const Stats& o) const {
    return bytes == o.bytes && tensors == o.tensors && storages == o.storages && nodes == o.nodes;
  }
};
Stats live() {
  Stats s;
  pd_live_stats(&s.bytes, &s.tensors, &s.storages, &s.nodes);
  return s;
}

pd_tensor* make_f32(std::vector<int64_t> shape, std::vector<float> v) {
  pd_tensor* t = nullptr;
  EXPECT_EQ(pd_tensor_create_from_data(PD_FLOAT32, shape.data(), (int32_t)shape.size(), PD_PLACE_CPU,
                                       v.data(), (int64_t)(v.size() * sizeof(float)), &t),
            PD_OK)
      << pd_last_error_message();
  return t;
}

std::string hex(const void* p) {
  char b[32];
  std::snprintf(b, sizeof b, "%p", p);
  return b;
}

TEST(CapiHandles, ReleasedHandleIsRejectedWithItsValue) {
  const Stats base = live();
  pd_tensor* t = make_f32({2}, {1, 2});
  EXPECT_EQ(pd_tensor_release(t), PD_OK);
  int32_t nd = -1;
  EXPECT_EQ(pd_tensor_ndim(t, &nd), PD_INVALID_ARGUMENT);
  EXPECT_EQ(nd, -1);
  EXPECT_EQ(std::string(pd_last_error_message()),
            "pd_tensor_ndim: tensor handle " + hex(t) +
                " is not a live tensor (released twice, or never created)");
  EXPECT_EQ(pd_last_error_status(), PD_INVALID_ARGUMENT);
  EXPECT_EQ(live(), base);
}

TEST(CapiHandles, DoubleReleaseIsAnErrorAndChangesNothing) {
  const Stats base = live();
  pd_tensor* t = make_f32({1}, {3});
  pd_tensor* r = nullptr;
  ASSERT_EQ(pd_tensor_retain(t, &r), PD_OK);
  EXPECT_NE(r, t);  // every hand-out is a new handle value
  EXPECT_EQ(pd_tensor_release(t), PD_OK);
  EXPECT_EQ(pd_tensor_release(t), PD_INVALID_ARGUMENT);
  EXPECT_NE(std::string(pd_last_error_message()).find("pd_tensor_release: tensor handle"), std::string::npos);
  // The other handle still owns the tensor.
  float v = 0;
  EXPECT_EQ(pd_tensor_copy_to(r, &v, sizeof v), PD_OK);
  EXPECT_EQ(v, 3.f);
  EXPECT_EQ(pd_tensor_release(r), PD_OK);
  EXPECT_EQ(pd_tensor_release(nullptr), PD_OK);
  EXPECT_EQ(live(), base);
}

TEST(CapiHandles, NullAndMadeUpHandlesAreRejected) {
  int64_t n = 0;
  EXPECT_EQ(pd_tensor_numel(nullptr, &n), PD_INVALID_ARGUMENT);
  EXPECT_STREQ(pd_last_error_message(), "pd_tensor_numel: tensor handle is NULL");
  float f = 0;
  for (uintptr_t v : {uintptr_t(1), uintptr_t(0xD), reinterpret_cast<uintptr_t>(&f), ~uintptr_t(0),
                      (uintptr_t(1) << 50) | 0xD}) {
    auto* h = reinterpret_cast<pd_tensor*>(v);
    EXPECT_EQ(pd_tensor_numel(h, &n), PD_INVALID_ARGUMENT) << v;
    EXPECT_NE(std::string(pd_last_error_message()).find("is not a live tensor"), std::string::npos);
    EXPECT_EQ(pd_tensor_release(h), PD_INVALID_ARGUMENT) << v;
  }
}

TEST(CapiHandles, OpInputsAndOutputsAreCheckedHandles) {
  const Stats base = live();
  int32_t add = -1;
  ASSERT_EQ(pd_op_lookup("elementwise_add", &add), PD_OK);
  pd_tensor* a = make_f32({2}, {1, 2});
  pd_tensor* b = make_f32({2}, {10, 20});
  pd_tensor* in[2] = {a, b};
  pd_tensor* out[4] = {};
  int32_t n = 0;
  ASSERT_EQ(pd_op_run(add, in, 2, nullptr, 0, nullptr, 0, out, 4, &n), PD_OK);
  ASSERT_EQ(n, 1);
  float v[2];
  ASSERT_EQ(pd_tensor_copy_to(out[0], v, sizeof v), PD_OK);
  EXPECT_EQ(v[0], 11.f);
  EXPECT_EQ(v[1], 22.f);
  EXPECT_EQ(pd_tensor_release(b), PD_OK);
  n = 5;
  EXPECT_EQ(pd_op_run(add, in, 2, nullptr, 0, nullptr, 0, out + 1, 3, &n), PD_INVALID_ARGUMENT);
  EXPECT_EQ(n, 0);
  EXPECT_NE(std::string(pd_last_error_message()).find("elementwise_add: tensor handle " + hex(b)),
            std::string::npos)
      << pd_last_error_message();
  // Too small an output buffer: an error, and the produced outputs are not leaked.
  in[1] = a;
  EXPECT_EQ(pd_op_run(add, in, 2, nullptr, 0, nullptr, 0, out + 1, 0, &n), PD_INVALID_ARGUMENT);
  EXPECT_EQ(pd_op_run(add, in, 2, nullptr, 0, nullptr, 0, out + 1, -1, &n), PD_INVALID_ARGUMENT);
  EXPECT_EQ(pd_tensor_release(a), PD_OK);
  EXPECT_EQ(pd_tensor_release(out[0]), PD_OK);
  EXPECT_EQ(live(), base);
}

TEST(CapiHandles, ReleaseRacingUseIsSafe) {
  // 8 threads read a shared tensor through handles while another thread keeps creating and
  // releasing its own; then the shared handle is released while readers may still use it.
  const Stats base = live();
  pd_tensor* shared = make_f32({3}, {1, 2, 3});
  std::atomic<bool> go{true};
  std::atomic<int64_t> reads{0}, rejected{0};
  std::vector<std::thread> th;
  for (int i = 0; i < 8; ++i)
    th.emplace_back([&] {
      while (go) {
        float v[3] = {};
        const pd_status s = pd_tensor_copy_to(shared, v, sizeof v);
        if (s == PD_OK) {
          EXPECT_EQ(v[2], 3.f);
          reads++;
        } else {
          EXPECT_EQ(s, PD_INVALID_ARGUMENT);
          rejected++;
        }
      }
    });
  th.emplace_back([&] {
    for (int i = 0; i < 2000; ++i) {
      pd_tensor* t = make_f32({4}, {0, 1, 2, 3});
      EXPECT_EQ(pd_tensor_release(t), PD_OK);
    }
  });
  th.back().join();
  th.pop_back();
  EXPECT_EQ(pd_tensor_release(shared), PD_OK);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  go = false;
  for (auto& t : th) t.join();
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(live(), base);
}

TEST(CapiValidation, ShapesDtypesPlacesAndSizes) {
  const Stats base = live();
  pd_tensor* t = nullptr;
  int64_t dims[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  EXPECT_EQ(pd_tensor_create(PD_FLOAT32, dims, 10, PD_PLACE_CPU, &t), PD_INVALID_ARGUMENT);
  EXPECT_NE(std::string(pd_last_error_message()).find("rank 10"), std::string::npos);
  EXPECT_EQ(pd_tensor_create(PD_FLOAT32, dims, -1, PD_PLACE_CPU, &t), PD_INVALID_ARGUMENT);
  EXPECT_EQ(pd_tensor_create(PD_FLOAT32, nullptr, 2, PD_PLACE_CPU, &t), PD_INVALID_ARGUMENT);
  EXPECT_EQ(pd_tensor_create(9, dims, 1, PD_PLACE_CPU, &t), PD_INVALID_ARGUMENT);
  EXPECT_NE(std::string(pd_last_error_message()).find("dtype code 9"), std::string::npos);
  EXPECT_EQ(pd_tensor_create(PD_FLOAT32, dims, 1, 7, &t), PD_INVALID_ARGUMENT);
  EXPECT_EQ(pd_tensor_create(PD_FLOAT32, dims, 1, PD_PLACE_CPU, nullptr), PD_INVALID_ARGUMENT);
  int64_t big[2] = {int64_t(1) << 40, int64_t(1) << 40};  // the product overflows int64
  EXPECT_EQ(pd_tensor_create(PD_FLOAT32, big, 2, PD_PLACE_CPU, &t), PD_OUT_OF_MEMORY);
  EXPECT_NE(std::string(pd_last_error_message()).find("too large"), std::string::npos);
  int64_t tera[1] = {1000000000000};  // 4 TB: more than the machine has
  EXPECT_EQ(pd_tensor_create(PD_FLOAT32, tera, 1, PD_PLACE_CPU, &t), PD_OUT_OF_MEMORY);
  EXPECT_NE(std::string(pd_last_error_message()).find("4000000000000 bytes"), std::string::npos)
      << pd_last_error_message();
  EXPECT_EQ(t, nullptr);
  float v[2] = {1, 2};
  int64_t two[1] = {2};
  EXPECT_EQ(pd_tensor_create_from_data(PD_FLOAT32, two, 1, PD_PLACE_CPU, v, 7, &t), PD_INVALID_ARGUMENT);
  EXPECT_NE(std::string(pd_last_error_message()).find("got 7 bytes"), std::string::npos);
  ASSERT_EQ(pd_tensor_create_from_data(PD_FLOAT32, two, 1, PD_PLACE_CPU, v, 8, &t), PD_OK);
  EXPECT_EQ(pd_tensor_copy_to(t, v, 9), PD_INVALID_ARGUMENT);
  EXPECT_EQ(pd_tensor_copy_to(t, nullptr, 8), PD_INVALID_ARGUMENT);
  EXPECT_EQ(pd_tensor_shape(t, dims, -1), PD_INVALID_ARGUMENT);
  EXPECT_EQ(pd_tensor_lod_level(t, 0, dims, -1, nullptr), PD_INVALID_ARGUMENT);
  EXPECT_EQ(pd_tensor_release(t), PD_OK);
  EXPECT_EQ(live(), base);
}

TEST(CapiValidation, BoolDataIsNormalisedAndCreatedBoolIsFalse) {
  unsigned char raw[3] = {0, 7, 255};
  int64_t three[1] = {3};
  pd_tensor* t = nullptr;
  ASSERT_EQ(pd_tensor_create_from_data(PD_BOOL, three, 1, PD_PLACE_CPU, raw, 3, &t), PD_OK);
  unsigned char back[3];
  ASSERT_EQ(pd_tensor_copy_to(t, back, 3), PD_OK);
  EXPECT_EQ(back[0], 0);
  EXPECT_EQ(back[1], 1);
  EXPECT_EQ(back[2], 1);
  pd_tensor_release(t);
  ASSERT_EQ(pd_tensor_create(PD_BOOL, three, 1, PD_PLACE_CPU, &t), PD_OK);
  ASSERT_EQ(pd_tensor_copy_to(t, back, 3), PD_OK);
  EXPECT_EQ(back[0] | back[1] | back[2], 0);
  pd_tensor_release(t);
}

TEST(CapiValidation, LodMustAddUp) {
  pd_tensor* t = make_f32({4}, {1, 2, 3, 4});
  const int64_t ok[3] = {0, 1, 4}, sizes[1] = {3};
  EXPECT_EQ(pd_tensor_set_lod(t, ok, sizes, 1), PD_OK);
  const int64_t bad_end[3] = {0, 1, 5};
  EXPECT_EQ(pd_tensor_set_lod(t, bad_end, sizes, 1), PD_INVALID_ARGUMENT);
  EXPECT_NE(std::string(pd_last_error_message()).find("first dimension is 4"), std::string::npos);
  const int64_t down[3] = {0, 3, 2};
  EXPECT_EQ(pd_tensor_set_lod(t, down, sizes, 1), PD_INVALID_ARGUMENT);
  const int64_t huge[1] = {int64_t(1) << 40};
  EXPECT_EQ(pd_tensor_set_lod(t, ok, huge, 1), PD_INVALID_ARGUMENT);
  EXPECT_EQ(pd_tensor_set_lod(t, ok, sizes, 17), PD_INVALID_ARGUMENT);
  int32_t levels = -1;
  EXPECT_EQ(pd_tensor_lod_levels(t, &levels), PD_OK);
  EXPECT_EQ(levels, 1);  // the failed calls left the first LoD in place
  pd_tensor_release(t);
}

TEST(CapiValidation, ThreadCountsAreBounded) {
  const int32_t before = pd_get_num_threads();
  EXPECT_EQ(pd_set_num_threads(1000000), PD_INVALID_ARGUMENT);
  EXPECT_NE(std::string(pd_last_error_message()).find("1000000 threads is too many"), std::string::npos);
  EXPECT_EQ(pd_get_num_threads(), before);
  EXPECT_EQ(pd_set_num_threads(0), PD_OK);
}

}  // namespace
