// Manipulation ops (second group): assign, flatten_contiguous_range, expand_v2, expand_as_v2,
// tile, flip, roll, stack, unstack, unbind, meshgrid, multiplex, shard_index, tril_triu,
// diag_v2, index_select, gather_nd, scatter_nd_add, scatter, index_sample, masked_select, where,
// where_index.
#include <cmath>
#include <limits>
#include <numeric>

#include "framework/tracer.h"
#include "test_util.h"

using namespace pd;
using namespace pd::test;

namespace {

std::vector<TensorRef> run(const char* op, const std::vector<std::vector<TensorRef>>& in,
                           const std::vector<NamedAttr>& attrs = {}) {
  return run_op(*OpRegistry::instance().find(op), in, attrs);
}

TensorRef cast(const TensorRef& t, DType d) {
  return call("cast", {t}, {{"in_dtype", (int64_t)t->dtype}, {"out_dtype", (int64_t)d}});
}

TensorRef bools(const std::vector<int64_t>& dims, const std::vector<int>& v) {
  std::vector<bool> b(v.begin(), v.end());
  TensorRef t = empty_tensor(DType::Bool, dims);
  for (size_t i = 0; i < v.size(); ++i) t->data<bool>()[i] = v[i] != 0;
  return t;
}

}  // namespace

// ---------------- assign ----------------

TEST(Manip2Assign, CopiesEveryDtypeAndStrides) {
  TensorRef x = arange<float>({2, 3});
  TensorRef y = call("assign", {x});
  expect_values(y, iota_d(6));
  expect_shape(y, {2, 3});
  EXPECT_NE(y->storage.get(), x->storage.get());
  x->data<float>()[0] = 42;
  EXPECT_EQ(y->data<float>()[0], 0.f);
  TensorRef t = call("assign", {transposed(arange<int64_t>({2, 3}))});
  expect_values(t, {0, 3, 1, 4, 2, 5});
  EXPECT_TRUE(t->is_contiguous());
  for (DType dt : {DType::Bool, DType::Int8, DType::Float16, DType::Complex64, DType::Int32,
                   DType::Float64}) {
    TensorRef e = call("assign", {empty_tensor(dt, {0, 3})});
    expect_shape(e, {0, 3});
    EXPECT_EQ(e->dtype, dt);
  }
}

TEST(Manip2Assign, Gradient) {
  check_gradients([](const std::vector<TensorRef>& in) { return call("assign", {in[0]}); },
                  {randn({3, 2})});
}

// ---------------- flatten_contiguous_range ----------------

TEST(Manip2Flatten, Values) {
  TensorRef x = arange<float>({2, 3, 4, 5});
  auto r = call_all("flatten_contiguous_range", {x}, {{"start_axis", 1}, {"stop_axis", 2}});
  expect_shape(r[0], {2, 12, 5});
  expect_shape(r[1], {0, 2, 3, 4, 5});
  EXPECT_EQ(r[0]->storage.get(), x->storage.get());
  expect_values(r[0], iota_d(120));
  expect_shape(call("flatten_contiguous_range", {x}, {{"start_axis", 0}, {"stop_axis", -1}}),
               {120});
  expect_shape(call("flatten_contiguous_range", {x}, {{"start_axis", -2}, {"stop_axis", -1}}),
               {2, 3, 20});
  expect_shape(call("flatten_contiguous_range", {x}), {2, 3, 4, 5});  // default 1..1
  TensorRef t = call("flatten_contiguous_range", {transposed(arange<int32_t>({2, 3}))},
                     {{"start_axis", 0}, {"stop_axis", 1}});
  expect_values(t, {0, 3, 1, 4, 2, 5});
  expect_shape(call("flatten_contiguous_range", {empty_tensor(DType::Float64, {2, 0, 3})},
                    {{"start_axis", 0}, {"stop_axis", 1}}),
               {0, 3});
  TensorRef s = empty_tensor(DType::Int64, std::vector<int64_t>{});
  s->data<int64_t>()[0] = 7;
  TensorRef f = call("flatten_contiguous_range", {s}, {{"start_axis", 0}, {"stop_axis", -1}});
  expect_shape(f, {1});
  expect_values(f, {7});
}

TEST(Manip2Flatten, Errors) {
  TensorRef x = arange<float>({2, 3});
  expect_error([&] { call("flatten_contiguous_range", {x}, {{"start_axis", 2}, {"stop_axis", 1}}); },
               PD_INVALID_ARGUMENT,
               "flatten_contiguous_range: start_axis 2 is out of range for a tensor of rank 2");
  expect_error([&] { call("flatten_contiguous_range", {x}, {{"start_axis", 1}, {"stop_axis", 0}}); },
               PD_INVALID_ARGUMENT, "is after stop_axis 0 (0); expected start_axis <= stop_axis");
}

TEST(Manip2Flatten, Gradient) {
  check_gradients(
      [](const std::vector<TensorRef>& in) {
        return call("flatten_contiguous_range", {in[0]}, {{"start_axis", 0}, {"stop_axis", 1}});
      },
      {randn({2, 3, 2})});
}

// ---------------- expand_v2 / expand_as_v2 ----------------

TEST(Manip2Expand, Values) {
  // Paddle doc: expand([1, 2, 3], shape=[2, 3]) -> [[1, 2, 3], [1, 2, 3]]
  TensorRef x = make<int32_t>({3}, {1, 2, 3});
  TensorRef y = call("expand_v2", {x}, {{"shape", I({2, 3})}});
  expect_shape(y, {2, 3});
  expect_values(y, {1, 2, 3, 1, 2, 3});
  TensorRef c = make<double>({2, 1}, {5, 6});
  expect_values(call("expand_v2", {c}, {{"shape", I({2, -1, 3})}}),
                {5, 5, 5, 6, 6, 6, 5, 5, 5, 6, 6, 6});
  expect_shape(call("expand_v2", {c}, {{"shape", I({2, 0})}}), {2, 0});
  expect_shape(call("expand_v2", {c}, {{"shape", I({0, 2, 4})}}), {0, 2, 4});
  // non-contiguous input
  TensorRef t = transposed(make<float>({1, 3}, {1, 2, 3}));  // [3, 1]
  expect_values(call("expand_v2", {t}, {{"shape", I({3, 2})}}), {1, 1, 2, 2, 3, 3});
  // expand_as_v2 (paddle.expand_as / broadcast_to use the same rules)
  expect_values(call("expand_as_v2", {x}, {{"target_shape", I({2, 3})}}), {1, 2, 3, 1, 2, 3});
  for (DType dt : {DType::Bool, DType::Float16, DType::Complex128, DType::Int64}) {
    TensorRef e = call("expand_v2", {empty_tensor(dt, {1, 2})}, {{"shape", I({3, 2})}});
    expect_shape(e, {3, 2});
  }
}

TEST(Manip2Expand, Errors) {
  TensorRef x = arange<float>({2, 3});
  expect_error([&] { call("expand_v2", {x}, {{"shape", I({3})}}); }, PD_INVALID_ARGUMENT,
               "expand_v2: shape [3] has 1 dims but the input of shape [2, 3] has rank 2");
  expect_error([&] { call("expand_v2", {x}, {{"shape", I({4, 3})}}); }, PD_INVALID_ARGUMENT,
               "expand_v2: cannot expand the input of shape [2, 3] to [4, 3]: dim 0 is 4");
  expect_error([&] { call("expand_v2", {x}, {{"shape", I({-1, 2, 3})}}); }, PD_INVALID_ARGUMENT,
               "a new leading dim; expected a size >= 0");
  expect_error([&] { call("expand_as_v2", {x}, {{"target_shape", I({2, -2})}}); },
               PD_INVALID_ARGUMENT, "expand_as_v2: target_shape [2, -2] has -2 at index 1");
}

TEST(Manip2Expand, Gradient) {
  check_gradients(
      [](const std::vector<TensorRef>& in) {
        return call("expand_v2", {in[0]}, {{"shape", I({2, 3, 4})}});
      },
      {randn({3, 1})});
  check_gradients(
      [](const std::vector<TensorRef>& in) {
        return call("expand_as_v2", {in[0]}, {{"target_shape", I({2, 3})}});
      },
      {randn({3})});
}

// ---------------- tile ----------------

TEST(Manip2Tile, Values) {
  // Paddle doc: tile([1, 2, 3], [2]) -> [1, 2, 3, 1, 2, 3]; [2, 1] -> [[1,2,3],[1,2,3]]
  TensorRef x = make<int64_t>({3}, {1, 2, 3});
  expect_values(call("tile", {x}, {{"repeat_times", I({2})}}), {1, 2, 3, 1, 2, 3});
  TensorRef y = call("tile", {x}, {{"repeat_times", I({2, 1})}});
  expect_shape(y, {2, 3});
  expect_values(y, {1, 2, 3, 1, 2, 3});
  TensorRef m = make<float>({2, 2}, {1, 2, 3, 4});
  expect_values(call("tile", {m}, {{"repeat_times", I({2, 2})}}),
                {1, 2, 1, 2, 3, 4, 3, 4, 1, 2, 1, 2, 3, 4, 3, 4});
  expect_shape(call("tile", {m}, {{"repeat_times", I({3})}}), {2, 6});  // padded with leading 1
  expect_values(call("tile", {transposed(m)}, {{"repeat_times", I({1, 2})}}),
                {1, 3, 1, 3, 2, 4, 2, 4});
  expect_shape(call("tile", {empty_tensor(DType::Float64, {0, 2})}, {{"repeat_times", I({2, 2})}}),
               {0, 4});
  expect_shape(call("tile", {empty_tensor(DType::Complex64, {2})}, {{"repeat_times", I({2})}}), {4});
}

TEST(Manip2Tile, Errors) {
  TensorRef x = arange<float>({2});
  expect_error([&] { call("tile", {x}, {{"repeat_times", I({2, 0})}}); }, PD_INVALID_ARGUMENT,
               "tile: repeat_times [2, 0] has 0 at index 1; expected every repeat to be positive");
  expect_error([&] { call("tile", {x}); }, PD_INVALID_ARGUMENT, "tile: repeat_times is empty");
}

TEST(Manip2Tile, Gradient) {
  check_gradients(
      [](const std::vector<TensorRef>& in) {
        return call("tile", {in[0]}, {{"repeat_times", I({2, 1, 3})}});
      },
      {randn({2, 3})});
  check_gradients(
      [](const std::vector<TensorRef>& in) {
        return call("tile", {in[0]}, {{"repeat_times", I({3, 2})}});
      },
      {randn({2, 2, 1})});
}

// ---------------- flip ----------------

TEST(Manip2Flip, Values) {
  // Paddle doc: x = arange(8).reshape(2,2,2); flip(x, [0,1]) -> [[[6,7],[4,5]],[[2,3],[0,1]]]
  TensorRef x = arange<float>({2, 2, 2});
  expect_values(call("flip", {x}, {{"axis", I({0, 1})}}), {6, 7, 4, 5, 2, 3, 0, 1});
  expect_values(call("flip", {x}, {{"axis", I({-1})}}), {1, 0, 3, 2, 5, 4, 7, 6});
  expect_values(call("flip", {x}, {{"axis", I({})}}), iota_d(8));
  expect_values(call("flip", {transposed(arange<int32_t>({2, 3}))}, {{"axis", I({0})}}),
                {2, 5, 1, 4, 0, 3});
  expect_shape(call("flip", {empty_tensor(DType::Bool, {0, 3})}, {{"axis", I({0, 1})}}), {0, 3});
  TensorRef c = make<complex128>({2}, {complex128(1, 2), complex128(3, 4)});
  TensorRef fc = call("flip", {c}, {{"axis", I({0})}});
  EXPECT_EQ(fc->data<complex128>()[0], complex128(3, 4));
}

TEST(Manip2Flip, ErrorsAndGradient) {
  TensorRef x = arange<float>({2, 3});
  expect_error([&] { call("flip", {x}, {{"axis", I({2})}}); }, PD_INVALID_ARGUMENT,
               "flip: axis 2 is out of range for a tensor of rank 2; expected -2 <= axis < 2");
  expect_error([&] { call("flip", {x}, {{"axis", I({1, -1})}}); }, PD_INVALID_ARGUMENT,
               "flip: axis [1, -1] names dim 1 more than once");
  check_gradients(
      [](const std::vector<TensorRef>& in) { return call("flip", {in[0]}, {{"axis", I({0, 2})}}); },
      {randn({2, 3, 2})});
}

// ---------------- roll ----------------

TEST(Manip2Roll, Values) {
  // Paddle doc: x = [[1,2,3],[4,5,6],[7,8,9]]
  TensorRef x = make<float>({3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  // flattened: roll(x, 1) -> [[9,1,2],[3,4,5],[6,7,8]]
  expect_values(call("roll", {x}, {{"shifts", I({1})}}), {9, 1, 2, 3, 4, 5, 6, 7, 8});
  // axis 0: [[7,8,9],[1,2,3],[4,5,6]]
  expect_values(call("roll", {x}, {{"axis", I({0})}, {"shifts", I({1})}}),
                {7, 8, 9, 1, 2, 3, 4, 5, 6});
  expect_values(call("roll", {x}, {{"axis", I({-1, 0})}, {"shifts", I({-1, 4})}}),
                {8, 9, 7, 2, 3, 1, 5, 6, 4});
  expect_values(call("roll", {x}, {{"axis", I({1, 1})}, {"shifts", I({1, 1})}}),
                {2, 3, 1, 5, 6, 4, 8, 9, 7});
  expect_values(call("roll", {transposed(x)}, {{"axis", I({1})}, {"shifts", I({1})}}),
                {7, 1, 4, 8, 2, 5, 9, 3, 6});
  expect_shape(call("roll", {empty_tensor(DType::Int64, {0, 2})}, {{"shifts", I({3})}}), {0, 2});
  expect_values(call("roll", {make<int32_t>({4}, {1, 2, 3, 4})}, {{"shifts", I({-5})}}),
                {2, 3, 4, 1});
}

TEST(Manip2Roll, ErrorsAndGradient) {
  TensorRef x = arange<float>({2, 3});
  expect_error([&] { call("roll", {x}, {{"axis", I({0})}, {"shifts", I({1, 2})}}); },
               PD_INVALID_ARGUMENT, "roll: axis [0] has 1 entries but shifts [1, 2] has 2");
  expect_error([&] { call("roll", {x}, {{"axis", I({2})}, {"shifts", I({1})}}); },
               PD_INVALID_ARGUMENT, "roll: axis 2 is out of range for a tensor of rank 2");
  expect_error([&] { call("roll", {x}, {{"shifts", I({1, 1})}}); }, PD_INVALID_ARGUMENT,
               "but axis is empty (roll the flattened tensor); expected one shift");
  check_gradients(
      [](const std::vector<TensorRef>& in) {
        return call("roll", {in[0]}, {{"axis", I({0, 1})}, {"shifts", I({1, -2})}});
      },
      {randn({3, 4})});
  check_gradients(
      [](const std::vector<TensorRef>& in) { return call("roll", {in[0]}, {{"shifts", I({5})}}); },
      {randn({3, 4})});
}

// ---------------- stack / unstack / unbind ----------------

TEST(Manip2Stack, Values) {
  // Paddle doc: stack([[1,2]], [[3,4]], [[5,6]], axis=0) -> shape [3,1,2]
  TensorRef a = make<float>({1, 2}, {1, 2}), b = make<float>({1, 2}, {3, 4}),
            c = make<float>({1, 2}, {5, 6});
  TensorRef s0 = run("stack", {{a, b, c}}, {{"axis", 0}})[0];
  expect_shape(s0, {3, 1, 2});
  expect_values(s0, {1, 2, 3, 4, 5, 6});
  TensorRef s2 = run("stack", {{a, b, c}}, {{"axis", -1}})[0];
  expect_shape(s2, {1, 2, 3});
  expect_values(s2, {1, 3, 5, 2, 4, 6});
  TensorRef s1 = run("stack", {{transposed(a), transposed(b)}}, {{"axis", 1}})[0];
  expect_shape(s1, {2, 2, 1});
  expect_values(s1, {1, 3, 2, 4});
  expect_shape(run("stack", {{empty_tensor(DType::Int32, {0, 2}), empty_tensor(DType::Int32, {0, 2})}},
                   {{"axis", 1}})[0],
               {0, 2, 2});
}

TEST(Manip2Stack, Errors) {
  TensorRef a = arange<float>({2}), b = arange<float>({3});
  expect_error([&] { run("stack", {{a, b}}); }, PD_INVALID_ARGUMENT,
               "stack: input 1 has shape [3] but input 0 has shape [2]");
  expect_error([&] { run("stack", {{a, a}}, {{"axis", 2}}); }, PD_INVALID_ARGUMENT,
               "stack: axis 2 is out of range for stacking tensors of rank 1; expected -2 <= axis < 2");
  expect_error([&] { run("stack", {{a, arange<double>({2})}}); }, PD_INVALID_ARGUMENT,
               "expected the same dtype");
}

TEST(Manip2Unstack, ValuesAndErrors) {
  TensorRef x = arange<int64_t>({2, 3});
  std::vector<TensorRef> u = run("unstack", {{x}}, {{"axis", 1}, {"num", 3}});
  ASSERT_EQ(u.size(), 3u);
  expect_shape(u[0], {2});
  expect_values(u[0], {0, 3});
  expect_values(u[2], {2, 5});
  std::vector<TensorRef> v = run("unbind", {{x}}, {{"axis", -2}});
  ASSERT_EQ(v.size(), 2u);
  expect_values(v[1], {3, 4, 5});
  std::vector<TensorRef> w = run("unbind", {{transposed(x)}}, {{"axis", 0}});
  ASSERT_EQ(w.size(), 3u);
  expect_values(w[1], {1, 4});
  expect_error([&] { run("unstack", {{x}}, {{"axis", 0}, {"num", 3}}); }, PD_INVALID_ARGUMENT,
               "unstack: num is 3 but axis 0 of the input of shape [2, 3] has size 2");
  expect_error([&] { run("unbind", {{x}}, {{"axis", 2}}); }, PD_INVALID_ARGUMENT,
               "unbind: axis 2 is out of range for a tensor of rank 2");
}

// Found by the C ABI fuzzer: unstack of a size-0 axis has no output, and the in-place runner
// read outputs[0] of an empty list.
TEST(Manip2Unstack, InplaceWithNoOutputIsAnError) {
  TensorRef x = make<float>({0, 2}, {});
  TensorRef target = make<float>({2}, {1, 2});
  const OpDef* unstack = OpRegistry::instance().find("unstack");
  int one = 1;
  expect_error([&] { execute_op_inplace(*unstack, target, {x}, &one, nullptr, 0); },
               PD_INVALID_ARGUMENT, "unstack_: the op produced no output to write in place");
}

TEST(Manip2Stack, Gradients) {
  check_gradients(
      [](const std::vector<TensorRef>& in) { return run("stack", {{in[0], in[1]}}, {{"axis", 1}})[0]; },
      {randn({2, 3}, 1), randn({2, 3}, 2)});
  check_gradients(
      [](const std::vector<TensorRef>& in) {
        auto parts = run("unstack", {{in[0]}}, {{"axis", 1}, {"num", 3}});
        return call("elementwise_add", {parts[0], call("elementwise_mul", {parts[2], parts[2]})});
      },
      {randn({2, 3, 2})});
  check_gradients(
      [](const std::vector<TensorRef>& in) { return run("unbind", {{in[0]}}, {{"axis", 0}})[1]; },
      {randn({3, 2})});
}

// ---------------- meshgrid ----------------

TEST(Manip2Meshgrid, Values) {
  TensorRef a = make<float>({2}, {1, 2}), b = make<float>({3}, {3, 4, 5});
  auto m = run("meshgrid", {{a, b}});
  ASSERT_EQ(m.size(), 2u);
  expect_shape(m[0], {2, 3});
  expect_values(m[0], {1, 1, 1, 2, 2, 2});
  expect_values(m[1], {3, 4, 5, 3, 4, 5});
  auto e = run("meshgrid", {{a, empty_tensor(DType::Float32, {0})}});
  expect_shape(e[0], {2, 0});
  expect_error([&] { run("meshgrid", {{a, arange<float>({2, 2})}}); }, PD_INVALID_ARGUMENT,
               "meshgrid: input 1 has shape [2, 2]; expected a 1-D tensor");
  check_gradients(
      [](const std::vector<TensorRef>& in) {
        auto m = run("meshgrid", {{in[0], in[1], in[2]}});
        return call("elementwise_add", {call("elementwise_mul", {m[0], m[1]}), m[2]});
      },
      {randn({2}, 1), randn({3}, 2), randn({2}, 3)});
}

// ---------------- multiplex ----------------

TEST(Manip2Multiplex, Values) {
  // Paddle doc: inputs [[1,2],[3,4]] and [[5,6],[7,8]], index [[1],[0]] -> [[5,6],[3,4]]
  TensorRef a = make<float>({2, 2}, {1, 2, 3, 4}), b = make<float>({2, 2}, {5, 6, 7, 8});
  TensorRef ids = make<int32_t>({2, 1}, {1, 0});
  TensorRef out = run("multiplex", {{ids}, {a, b}})[0];
  expect_values(out, {5, 6, 3, 4});
  expect_values(run("multiplex", {{make<int64_t>({2, 1}, {0, 0})}, {a, b}})[0], {1, 2, 3, 4});
  expect_error([&] { run("multiplex", {{make<int32_t>({2, 1}, {2, 0})}, {a, b}}); },
               PD_OUT_OF_RANGE, "multiplex: index 2 in Ids is out of range for 2 inputs");
  expect_error([&] { run("multiplex", {{make<int32_t>({3, 1}, {0, 0, 0})}, {a, b}}); },
               PD_INVALID_ARGUMENT, "multiplex: Ids has shape [3, 1] but the inputs have 2 rows");
  expect_error([&] { run("multiplex", {{ids}, {a, arange<float>({2, 3})}}); }, PD_INVALID_ARGUMENT,
               "multiplex: input 1 has shape [2, 3] but input 0 has shape [2, 2]");
  expect_error([&] { run("multiplex", {{make<float>({2, 1}, {0, 0})}, {a, b}}); },
               PD_INVALID_ARGUMENT, "multiplex: Ids has dtype float32; expected int32 or int64");
  TensorRef ids3 = make<int64_t>({3, 1}, {1, 0, 1});
  check_gradients(
      [ids3](const std::vector<TensorRef>& in) {
        return run("multiplex", {{ids3}, {in[0], in[1]}})[0];
      },
      {randn({3, 2}, 1), randn({3, 2}, 2)});
}

// ---------------- shard_index ----------------

TEST(Manip2ShardIndex, Values) {
  // Paddle doc: label [[16],[1]], index_num 20, nshards 2, shard_id 0 -> [[-1],[1]]
  TensorRef x = make<int64_t>({2, 1}, {16, 1});
  auto at = [](int64_t id) {
    return std::vector<NamedAttr>{{"index_num", 20}, {"nshards", 2}, {"shard_id", id}};
  };
  expect_values(call("shard_index", {x}, at(0)), {-1, 1});
  expect_values(call("shard_index", {x}, at(1)), {6, -1});
  TensorRef y = call("shard_index", {make<int32_t>({3, 1}, {0, 6, 9})},
                     {{"index_num", 10}, {"nshards", 3}, {"shard_id", 1}, {"ignore_value", -7}});
  EXPECT_EQ(y->dtype, DType::Int32);
  expect_values(y, {-7, 2, -7});  // shard size ceil(10/3) = 4: shard 1 holds 4..7
  expect_error([&] { call("shard_index", {x}, at(2)); }, PD_INVALID_ARGUMENT,
               "shard_index: shard_id is 2; expected 0 <= shard_id < nshards (2)");
  expect_error([&] { call("shard_index", {make<int64_t>({1, 1}, {20})}, at(0)); }, PD_OUT_OF_RANGE,
               "shard_index: label 20 is out of range; expected 0 <= label < index_num (20)");
  expect_error([&] { call("shard_index", {make<int64_t>({2}, {1, 2})}, at(0)); },
               PD_INVALID_ARGUMENT, "shard_index: X has shape [2]; expected rank >= 1 with a last dim of 1");
  expect_error([&] { call("shard_index", {make<float>({1, 1}, {1})}, at(0)); }, PD_INVALID_ARGUMENT,
               "shard_index: input 'X' has dtype float32");
}

// Found by the C ABI fuzzer: ceil(index_num / nshards) as (index_num + nshards - 1) / nshards
// overflowed for huge attributes and divided by zero.
TEST(Manip2ShardIndex, HugeIndexNumAndShardCount) {
  const int64_t big = std::numeric_limits<int64_t>::max();
  TensorRef x = make<int64_t>({2, 1}, {0, big - 1});
  // nshards = index_num: one label per shard.
  expect_values(call("shard_index", {x}, {{"index_num", big}, {"nshards", big}, {"shard_id", 0}}),
                {0, -1});
  expect_values(call("shard_index", {x}, {{"index_num", big}, {"nshards", 2}, {"shard_id", 1}}),
                {-1, (double)(big / 2 - 1)});
}

// ---------------- tril_triu ----------------

TEST(Manip2TrilTriu, Values) {
  // Paddle doc: x = arange(1, 13).reshape(3, 4)
  TensorRef x = arange<int64_t>({3, 4});
  x = call("scale", {cast(x, DType::Float32)}, {{"bias", 1.0}});
  expect_values(call("tril_triu", {x}, {{"lower", true}}),
                {1, 0, 0, 0, 5, 6, 0, 0, 9, 10, 11, 0});
  expect_values(call("tril_triu", {x}, {{"lower", true}, {"diagonal", 2}}),
                {1, 2, 3, 0, 5, 6, 7, 8, 9, 10, 11, 12});
  expect_values(call("tril_triu", {x}, {{"lower", true}, {"diagonal", -1}}),
                {0, 0, 0, 0, 5, 0, 0, 0, 9, 10, 0, 0});
  expect_values(call("tril_triu", {x}, {{"lower", false}}),
                {1, 2, 3, 4, 0, 6, 7, 8, 0, 0, 11, 12});
  expect_values(call("tril_triu", {x}, {{"lower", false}, {"diagonal", 2}}),
                {0, 0, 3, 4, 0, 0, 0, 8, 0, 0, 0, 0});
  expect_values(call("tril_triu", {x}, {{"lower", false}, {"diagonal", -1}}),
                {1, 2, 3, 4, 5, 6, 7, 8, 0, 10, 11, 12});
  // batched, non-contiguous, other dtypes
  TensorRef b = arange<int32_t>({2, 2, 2});
  expect_values(call("tril_triu", {b}, {{"lower", true}}), {0, 0, 2, 3, 4, 0, 6, 7});
  expect_values(call("tril_triu", {transposed(arange<double>({2, 2}))}, {{"lower", true}}),
                {0, 0, 1, 3});
  expect_shape(call("tril_triu", {empty_tensor(DType::Bool, {0, 3})}, {{"lower", true}}), {0, 3});
  expect_error([&] { call("tril_triu", {arange<float>({3})}, {{"lower", true}}); },
               PD_INVALID_ARGUMENT, "tril_triu: X has shape [3] (rank 1); expected rank >= 2");
  check_gradients(
      [](const std::vector<TensorRef>& in) {
        return call("tril_triu", {in[0]}, {{"lower", false}, {"diagonal", 1}});
      },
      {randn({2, 3, 4})});
}

// ---------------- diag_v2 ----------------

TEST(Manip2Diag, Values) {
  // Paddle doc: diag([1,2,3]) -> [[1,0,0],[0,2,0],[0,0,3]]
  TensorRef v = make<float>({3}, {1, 2, 3});
  expect_values(call("diag_v2", {v}), {1, 0, 0, 0, 2, 0, 0, 0, 3});
  // offset 1 -> 4x4 with the vector on the first super-diagonal
  TensorRef u = call("diag_v2", {v}, {{"offset", 1}});
  expect_shape(u, {4, 4});
  expect_values(u, {0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0});
  // offset -1 with padding 9 (doc: [[9,9,9,9],[1,9,9,9],[9,2,9,9],[9,9,3,9]])
  expect_values(call("diag_v2", {v}, {{"offset", -1}, {"padding_value", 9.0}}),
                {9, 9, 9, 9, 1, 9, 9, 9, 9, 2, 9, 9, 9, 9, 3, 9});
  // 2-D: x = [[1,2,3],[4,5,6]]: diag -> [1,5]; offset 1 -> [2,6]; offset -1 -> [4]
  TensorRef m = make<int64_t>({2, 3}, {1, 2, 3, 4, 5, 6});
  expect_values(call("diag_v2", {m}), {1, 5});
  expect_values(call("diag_v2", {m}, {{"offset", 1}}), {2, 6});
  expect_values(call("diag_v2", {m}, {{"offset", -1}}), {4});
  expect_shape(call("diag_v2", {m}, {{"offset", 3}}), {0});
  expect_values(call("diag_v2", {transposed(m)}), {1, 5});
  expect_shape(call("diag_v2", {empty_tensor(DType::Float64, {0})}), {0, 0});
  TensorRef h = call("diag_v2", {cast(v, DType::Float16)});
  EXPECT_EQ(h->dtype, DType::Float16);
  expect_values(h, {1, 0, 0, 0, 2, 0, 0, 0, 3});
  expect_error([&] { call("diag_v2", {arange<float>({2, 2, 2})}); }, PD_INVALID_ARGUMENT,
               "diag_v2: X has shape [2, 2, 2] (rank 3); expected a 1-D or 2-D tensor");
}

TEST(Manip2Diag, Gradient) {
  check_gradients(
      [](const std::vector<TensorRef>& in) { return call("diag_v2", {in[0]}, {{"offset", -1}}); },
      {randn({3})});
  check_gradients(
      [](const std::vector<TensorRef>& in) { return call("diag_v2", {in[0]}, {{"offset", 1}}); },
      {randn({3, 4})});
}

// ---------------- index_select ----------------

TEST(Manip2IndexSelect, Values) {
  // Paddle doc: x = [[1,2,3,4],[5,6,7,8],[9,10,11,12]], index [0,1,1]
  TensorRef x = call("scale", {arange<float>({3, 4})}, {{"bias", 1.0}});
  TensorRef idx = make<int64_t>({3}, {0, 1, 1});
  expect_values(call("index_select", {x, idx}, {{"dim", 1}}), {1, 2, 2, 5, 6, 6, 9, 10, 10});
  expect_values(call("index_select", {x, idx}), {1, 2, 3, 4, 5, 6, 7, 8, 5, 6, 7, 8});
  expect_values(call("index_select", {x, make<int32_t>({1}, {2})}, {{"dim", -2}}), {9, 10, 11, 12});
  expect_values(call("index_select", {transposed(x), make<int32_t>({2}, {3, 0})}), {4, 8, 12, 1, 5, 9});
  expect_shape(call("index_select", {x, make<int64_t>({0}, {})}, {{"dim", 1}}), {3, 0});
  expect_shape(call("index_select", {empty_tensor(DType::Bool, {0, 4}), idx}, {{"dim", 1}}), {0, 3});
  expect_error([&] { call("index_select", {x, make<int64_t>({1}, {4})}, {{"dim", 1}}); },
               PD_OUT_OF_RANGE, "index_select: index 4 is out of range for dim 1 of size 4");
  expect_error([&] { call("index_select", {x, make<int64_t>({1}, {-1})}, {{"dim", 1}}); },
               PD_OUT_OF_RANGE, "index_select: index -1 is out of range");
  expect_error([&] { call("index_select", {x, idx}, {{"dim", 2}}); }, PD_INVALID_ARGUMENT,
               "index_select: dim 2 is out of range for a tensor of rank 2");
  expect_error([&] { call("index_select", {x, make<float>({1}, {0})}); }, PD_INVALID_ARGUMENT,
               "index_select: Index has dtype float32; expected int32 or int64");
  expect_error([&] { call("index_select", {x, make<int64_t>({1, 1}, {0})}); }, PD_INVALID_ARGUMENT,
               "index_select: Index has shape [1, 1]; expected a 1-D tensor");
  check_gradients(
      [idx](const std::vector<TensorRef>& in) { return call("index_select", {in[0], idx}, {{"dim", 1}}); },
      {randn({2, 3})});
}

// ---------------- gather_nd / scatter_nd_add ----------------

TEST(Manip2GatherNd, Values) {
  // Paddle doc: x shape [2,3,4]; index [[1]] -> x[1] (shape [1,3,4]); [[0,2]] -> x[0,2] ([1,4]);
  // [[1,2,3]] -> x[1,2,3] ([1]).
  TensorRef x = arange<float>({2, 3, 4});
  TensorRef a = call("gather_nd", {x, make<int64_t>({1, 1}, {1})});
  expect_shape(a, {1, 3, 4});
  expect_values(a, iota_d(12, 12));
  TensorRef b = call("gather_nd", {x, make<int32_t>({1, 2}, {0, 2})});
  expect_shape(b, {1, 4});
  expect_values(b, {8, 9, 10, 11});
  TensorRef c = call("gather_nd", {x, make<int64_t>({1, 3}, {1, 2, 3})});
  expect_shape(c, {1});
  expect_values(c, {23});
  TensorRef d = call("gather_nd", {x, make<int64_t>({2, 2, 2}, {0, 0, 1, 1, 1, 2, 0, 1})});
  expect_shape(d, {2, 2, 4});
  expect_values(d, {0, 1, 2, 3, 16, 17, 18, 19, 20, 21, 22, 23, 4, 5, 6, 7});
  TensorRef e = call("gather_nd", {x, make<int64_t>({3}, {1, 0, 2})});
  expect_shape(e, {1});
  expect_values(e, {14});
  TensorRef z = call("gather_nd", {x, make<int64_t>({2, 0}, {})});  // k = 0: whole x per row
  expect_shape(z, {2, 2, 3, 4});
  expect_shape(call("gather_nd", {x, make<int64_t>({0, 2}, {})}), {0, 4});
  expect_values(call("gather_nd", {transposed(arange<double>({2, 3})), make<int64_t>({1, 2}, {2, 1})}),
                {5});
  expect_error([&] { call("gather_nd", {x, make<int64_t>({1, 4}, {0, 0, 0, 0})}); },
               PD_INVALID_ARGUMENT, "gather_nd: the last dim of Index (shape [1, 4]) is 4 but X");
  expect_error([&] { call("gather_nd", {x, make<int64_t>({1, 2}, {0, 3})}); }, PD_OUT_OF_RANGE,
               "gather_nd: index 3 is out of range for dim 1 of X (shape [2, 3, 4])");
  expect_error([&] { call("gather_nd", {x, make<double>({1, 1}, {0})}); }, PD_INVALID_ARGUMENT,
               "gather_nd: Index has dtype float64");
}

TEST(Manip2GatherNd, Gradient) {
  TensorRef idx = make<int64_t>({3, 2}, {0, 1, 1, 2, 0, 1});  // repeats accumulate
  check_gradients([idx](const std::vector<TensorRef>& in) { return call("gather_nd", {in[0], idx}); },
                  {randn({2, 3, 2})});
}

TEST(Manip2ScatterNdAdd, Values) {
  // Paddle doc: x [3,5,9,10] ones, index [[1,1],[0,1],[1,3]], updates [3,9,10] -> shape [3,5,9,10]
  TensorRef x = make<float>({3, 2}, {1, 1, 1, 1, 1, 1});
  TensorRef idx = make<int64_t>({3, 1}, {1, 0, 1});
  TensorRef upd = make<float>({3, 2}, {10, 20, 30, 40, 50, 60});
  expect_values(call("scatter_nd_add", {x, idx, upd}), {31, 41, 61, 81, 1, 1});
  TensorRef e = call("scatter_nd_add", {x, make<int32_t>({2, 2}, {2, 1, 2, 1}), make<float>({2}, {1, 2})});
  expect_values(e, {1, 1, 1, 1, 1, 4});
  TensorRef i64 = call("scatter_nd_add", {arange<int64_t>({3}), make<int64_t>({1, 1}, {2}),
                                          make<int64_t>({1}, {5})});
  expect_values(i64, {0, 1, 7});
  expect_values(call("scatter_nd_add", {x, make<int64_t>({0, 1}, {}), make<float>({0, 2}, {})}),
                {1, 1, 1, 1, 1, 1});
  expect_error([&] { call("scatter_nd_add", {x, idx, make<float>({3, 3}, std::vector<float>(9))}); },
               PD_INVALID_ARGUMENT,
               "scatter_nd_add: Updates has shape [3, 3]; expected index.shape[:-1] + x.shape[k:] = [3, 2]");
  expect_error([&] { call("scatter_nd_add", {x, make<int64_t>({1, 1}, {3}), make<float>({1, 2}, {1, 1})}); },
               PD_OUT_OF_RANGE, "scatter_nd_add: index 3 is out of range for dim 0");
  expect_error([&] { call("scatter_nd_add", {x, idx, cast(upd, DType::Float64)}); },
               PD_INVALID_ARGUMENT, "scatter_nd_add: Updates has dtype float64 but X has dtype float32");
}

TEST(Manip2ScatterNdAdd, Gradient) {
  TensorRef idx = make<int64_t>({3, 2}, {0, 1, 1, 0, 0, 1});
  check_gradients(
      [idx](const std::vector<TensorRef>& in) { return call("scatter_nd_add", {in[0], idx, in[1]}); },
      {randn({2, 2, 3}, 1), randn({3, 3}, 2)});
}

// ---------------- scatter ----------------

TEST(Manip2Scatter, Values) {
  // Paddle doc: x [[1,1],[2,2],[3,3]], index [2,1,0,1], updates [[1,1],[2,2],[3,3],[4,4]]
  TensorRef x = make<float>({3, 2}, {1, 1, 2, 2, 3, 3});
  TensorRef idx = make<int64_t>({4}, {2, 1, 0, 1});
  TensorRef upd = make<float>({4, 2}, {1, 1, 2, 2, 3, 3, 4, 4});
  expect_values(call("scatter", {x, idx, upd}), {3, 3, 4, 4, 1, 1});
  expect_values(call("scatter", {x, idx, upd}, {{"overwrite", false}}), {3, 3, 6, 6, 1, 1});
  expect_values(call("scatter", {x, make<int32_t>({1, 1}, {1}), make<float>({1, 2}, {9, 8})}),
                {1, 1, 9, 8, 3, 3});
  expect_values(call("scatter", {arange<int64_t>({3}), make<int32_t>({2}, {0, 0}), make<int64_t>({2}, {5, 6})},
                     {{"overwrite", false}}),
                {11, 1, 2});
  expect_values(call("scatter", {x, make<int64_t>({0}, {}), make<float>({0, 2}, {})}),
                {1, 1, 2, 2, 3, 3});
  expect_error([&] { call("scatter", {x, make<int64_t>({1}, {3}), make<float>({1, 2}, {0, 0})}); },
               PD_OUT_OF_RANGE, "scatter: index 3 is out of range for the first dim of X of size 3");
  expect_error([&] { call("scatter", {x, idx, make<float>({4, 3}, std::vector<float>(12))}); },
               PD_INVALID_ARGUMENT, "scatter: Updates has shape [4, 3]; expected [4, 2]");
  expect_error([&] { call("scatter", {x, make<int64_t>({1, 2}, {0, 1}), make<float>({1, 2}, {0, 0})}); },
               PD_INVALID_ARGUMENT, "scatter: Ids has shape [1, 2]; expected a 1-D tensor or shape [N, 1]");
}

TEST(Manip2Scatter, Gradient) {
  TensorRef idx = make<int64_t>({2}, {2, 0});
  for (bool ow : {true, false})
    check_gradients(
        [idx, ow](const std::vector<TensorRef>& in) {
          return call("scatter", {in[0], idx, in[1]}, {{"overwrite", ow}});
        },
        {randn({3, 2}, 1), randn({2, 2}, 2)});
}

// ---------------- index_sample ----------------

TEST(Manip2IndexSample, Values) {
  // Paddle doc: x [[1,2,3,4],[5,6,7,8],[9,10,11,12]], index [[0,1,2],[1,2,3],[0,0,0]]
  TensorRef x = call("scale", {arange<float>({3, 4})}, {{"bias", 1.0}});
  TensorRef idx = make<int64_t>({3, 3}, {0, 1, 2, 1, 2, 3, 0, 0, 0});
  expect_values(call("index_sample", {x, idx}), {1, 2, 3, 6, 7, 8, 9, 9, 9});
  TensorRef i2 = make<int32_t>({3, 2}, {3, 2, 0, 1, 2, 2});  // doc's second example style
  expect_values(call("index_sample", {x, i2}), {4, 3, 5, 6, 11, 11});
  expect_values(call("index_sample", {transposed(arange<int64_t>({2, 2})), make<int64_t>({2, 1}, {1, 0})}),
                {2, 1});
  expect_shape(call("index_sample", {x, make<int64_t>({3, 0}, {})}), {3, 0});
  expect_error([&] { call("index_sample", {x, make<int64_t>({3, 1}, {0, 4, 0})}); }, PD_OUT_OF_RANGE,
               "index_sample: index 4 is out of range for the second dim of X of size 4");
  expect_error([&] { call("index_sample", {x, make<int64_t>({2, 1}, {0, 0})}); }, PD_INVALID_ARGUMENT,
               "index_sample: Index has shape [2, 1] but X has shape [3, 4]");
  expect_error([&] { call("index_sample", {arange<float>({4}), make<int64_t>({1, 1}, {0})}); },
               PD_INVALID_ARGUMENT, "index_sample: X has shape [4]; expected a 2-D tensor");
  TensorRef gi = make<int64_t>({2, 3}, {0, 2, 2, 1, 1, 0});
  check_gradients([gi](const std::vector<TensorRef>& in) { return call("index_sample", {in[0], gi}); },
                  {randn({2, 3})});
}

// ---------------- masked_select ----------------

TEST(Manip2MaskedSelect, Values) {
  // Paddle doc: x = [[1,2,3,4],[5,6,7,8],[9,10,11,12]], mask rows [T,F,F,F],[T,T,F,F],[T,F,F,F]
  TensorRef x = call("scale", {arange<float>({3, 4})}, {{"bias", 1.0}});
  TensorRef m = bools({3, 4}, {1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0});
  TensorRef y = call("masked_select", {x, m});
  expect_shape(y, {4});
  expect_values(y, {1, 5, 6, 9});
  expect_shape(call("masked_select", {x, bools({3, 4}, std::vector<int>(12, 0))}), {0});
  expect_values(call("masked_select", {transposed(arange<int64_t>({2, 2})), bools({2, 2}, {0, 1, 1, 0})}),
                {2, 1});
  expect_error([&] { call("masked_select", {x, bools({4}, {1, 1, 1, 1})}); }, PD_INVALID_ARGUMENT,
               "masked_select: Mask has shape [4] but X has shape [3, 4]; expected the same shape");
  expect_error([&] { call("masked_select", {x, x}); }, PD_INVALID_ARGUMENT,
               "masked_select: Mask has dtype float32; expected bool");
  check_gradients([m](const std::vector<TensorRef>& in) { return call("masked_select", {in[0], m}); },
                  {randn({3, 4})});
}

// ---------------- where / where_index ----------------

TEST(Manip2Where, Values) {
  // Paddle doc: x [0.9383, 0.1983, 3.2, 1.2], y ones, where(x > 1, x, y) -> [1, 1, 3.2, 1.2]
  TensorRef x = make<double>({4}, {0.9383, 0.1983, 3.2, 1.2});
  TensorRef y = make<double>({4}, {1, 1, 1, 1});
  TensorRef c = bools({4}, {0, 0, 1, 1});
  expect_values(call("where", {c, x, y}), {1, 1, 3.2, 1.2});
  // broadcasting of all three
  TensorRef cb = bools({2, 1}, {1, 0});
  TensorRef xb = make<int32_t>({3}, {1, 2, 3});
  TensorRef yb = make<int32_t>({2, 1}, {-1, -2});
  TensorRef o = call("where", {cb, xb, yb});
  expect_shape(o, {2, 3});
  expect_values(o, {1, 2, 3, -2, -2, -2});
  TensorRef n = make<float>({2}, {std::nanf(""), 1});
  TensorRef on = call("where", {bools({2}, {1, 0}), n, make<float>({2}, {5, 6})});
  EXPECT_TRUE(std::isnan(on->data<float>()[0]));
  EXPECT_EQ(on->data<float>()[1], 6.f);
  expect_shape(call("where", {bools({0}, {}), make<float>({1}, {1}), make<float>({1}, {2})}), {0});
  TensorRef cc = call("where", {bools({1}, {1}), make<complex64>({1}, {complex64(1, 2)}),
                               make<complex64>({1}, {complex64(3, 4)})});
  EXPECT_EQ(cc->data<complex64>()[0], complex64(1, 2));
  expect_error([&] { call("where", {x, x, y}); }, PD_INVALID_ARGUMENT,
               "where: Condition has dtype float64; expected bool");
  expect_error([&] { call("where", {c, x, make<float>({4}, {1, 1, 1, 1})}); }, PD_INVALID_ARGUMENT,
               "where: Y has dtype float32 but X has dtype float64");
  expect_error([&] { call("where", {c, x, make<double>({3}, {1, 1, 1})}); }, PD_INVALID_ARGUMENT,
               "where: X of shape [4] and Y of shape [3] cannot be broadcast together");
}

TEST(Manip2Where, Gradient) {
  TensorRef c = bools({2, 3}, {1, 0, 1, 0, 0, 1});
  check_gradients(
      [c](const std::vector<TensorRef>& in) { return call("where", {c, in[0], in[1]}); },
      {randn({2, 3}, 1), randn({3}, 2)});
}

TEST(Manip2WhereIndex, Values) {
  // Paddle doc: nonzero([[1,0,0],[0,2,0],[0,0,3]]) -> [[0,0],[1,1],[2,2]]
  TensorRef x = make<float>({3, 3}, {1, 0, 0, 0, 2, 0, 0, 0, 3});
  TensorRef o = call("where_index", {x});
  EXPECT_EQ(o->dtype, DType::Int64);
  expect_shape(o, {3, 2});
  expect_values(o, {0, 0, 1, 1, 2, 2});
  // 1-D: [0, 1, 0, 3] -> [[1], [3]]
  expect_values(call("where_index", {make<int32_t>({4}, {0, 1, 0, 3})}), {1, 3});
  expect_values(call("where_index", {bools({2, 2}, {0, 1, 1, 1})}), {0, 1, 1, 0, 1, 1});
  TensorRef nan = call("where_index", {make<double>({2}, {0, std::nan("")})});
  expect_values(nan, {1});
  expect_shape(call("where_index", {make<float>({2, 2}, {0, 0, 0, 0})}), {0, 2});
  expect_values(call("where_index", {transposed(make<int64_t>({2, 2}, {0, 1, 0, 0}))}), {1, 0});
  expect_shape(call("where_index", {empty_tensor(DType::Float32, {0, 3})}), {0, 2});
}
