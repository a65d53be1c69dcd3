// Autograd engine: graph recording, accumulation, retain_graph, paddle.grad, in-place rules.
#include "core/alloc_stats.h"
#include "framework/tracer.h"
#include "test_util.h"

using namespace pd;
using namespace pd::test;

namespace {
TensorRef leaf(const std::vector<double>& v) {
  TensorRef t = make<double>({(int64_t)v.size()}, v);
  t->stop_gradient = false;
  return t;
}
TensorRef sum_all(const TensorRef& t) {
  return call("reduce_sum", {t}, {{"dim", std::vector<int64_t>{0}}, {"reduce_all", true}});
}
}  // namespace

TEST(Autograd, RecordsNodeOnlyWhenAnInputRequiresGrad) {
  TensorRef a = make<double>({2}, {1, 2});
  TensorRef b = call("elementwise_mul", {a, a});
  EXPECT_TRUE(b->stop_gradient);
  EXPECT_FALSE(b->grad_fn);
  TensorRef x = leaf({1, 2});
  TensorRef y = call("elementwise_mul", {x, a});
  EXPECT_FALSE(y->stop_gradient);
  ASSERT_TRUE(y->grad_fn);
  EXPECT_EQ(y->grad_fn->def->type, "elementwise_mul");
  NoGradGuard ng;
  EXPECT_TRUE(call("elementwise_mul", {x, a})->stop_gradient);
}

TEST(Autograd, SharedSubexpressionAccumulates) {
  // y = sum(x*x + x*x) -> dy/dx = 4x (two paths through the same node inputs)
  TensorRef x = leaf({1, -2, 3});
  TensorRef sq = call("elementwise_mul", {x, x});
  TensorRef y = sum_all(call("elementwise_add", {sq, sq}));
  backward(y, TensorRef(), false);
  expect_values(x->grad, {4, -8, 12});
}

TEST(Autograd, RetainGraphAndSecondBackwardError) {
  TensorRef x = leaf({1, 2});
  TensorRef y = sum_all(call("exp", {x}));
  backward(y, TensorRef(), true);
  backward(y, TensorRef(), false);
  expect_values(x->grad, {2 * std::exp(1.0), 2 * std::exp(2.0)});
  expect_error([&] { backward(y, TensorRef(), false); }, PD_INVALID_STATE,
               "backward through the graph a second time");
}

TEST(Autograd, GradOfNonLeafAndUnused) {
  TensorRef x = leaf({1, 2});
  TensorRef h = call("elementwise_mul", {x, x});
  TensorRef y = sum_all(call("scale", {h}, {{"scale", 3.0}}));
  std::vector<TensorRef> g = compute_grad({y}, {h, x}, {}, true, false, false);
  expect_values(g[0], {3, 3});
  expect_values(g[1], {6, 12});
  EXPECT_FALSE(x->grad);  // paddle.grad leaves .grad alone
  TensorRef z = leaf({5});
  expect_error([&] { compute_grad({y}, {z}, {}, true, false, false); }, PD_INVALID_ARGUMENT,
               "set allow_unused=True");
  std::vector<TensorRef> u = compute_grad({y}, {z}, {}, true, false, true);
  EXPECT_FALSE(u[0]);
}

TEST(Autograd, InplaceOnLeafRequiringGradIsRejected) {
  TensorRef x = leaf({1, 2});
  const OpDef* scale = OpRegistry::instance().find("scale");
  int one = 1;
  expect_error([&] { execute_op_inplace(*scale, x, {x}, &one, nullptr, 0); }, PD_INVALID_STATE,
               "Leaf Tensor that doesn't stop gradient can't use inplace strategy");
}

// Found by the C ABI fuzzer: t = 2x; y = 3t; t += y in place. t's new node reaches y, whose node
// held t itself as a saved input: a reference cycle that leaked t, y and both nodes.
TEST(Autograd, InplaceOnATensorSavedByAnEarlierNodeLeaksNothing) {
  const int64_t nodes = stats::grad_nodes.load();
  const int64_t tensors = stats::tensors.load();
  {
    TensorRef x = leaf({1, 2});
    TensorRef t = call("scale", {x}, {{"scale", 2.0}});
    TensorRef y = call("scale", {t}, {{"scale", 3.0}});
    const OpDef* add = OpRegistry::instance().find("elementwise_add");
    int counts[2] = {1, 1};
    execute_op_inplace(*add, t, {y, y}, counts, nullptr, 0);
    expect_values(t, {12, 24});
    backward(sum_all(t), TensorRef(), false);
    expect_values(x->grad, {12, 12});  // d(2 * 3x * 2)/dx
  }
  EXPECT_EQ(stats::grad_nodes.load(), nodes);
  EXPECT_EQ(stats::tensors.load(), tensors);
}

TEST(Autograd, GraphIsFreedWithTheOutput) {
  const int64_t nodes = stats::grad_nodes.load();
  const int64_t tensors = stats::tensors.load();
  {
    TensorRef x = leaf({1, 2, 3});
    TensorRef y = sum_all(call("elementwise_mul", {x, call("exp", {x})}));
    EXPECT_GT(stats::grad_nodes.load(), nodes);
    backward(y, TensorRef(), false);
  }
  EXPECT_EQ(stats::grad_nodes.load(), nodes);
  EXPECT_EQ(stats::tensors.load(), tensors);
}

TEST(Autograd, GradientShapeMismatchIsAnError) {
  TensorRef x = leaf({1, 2});
  TensorRef y = call("elementwise_mul", {x, x});
  expect_error([&] { backward(y, make<double>({3}, {1, 1, 1}), false); }, PD_INVALID_ARGUMENT,
               "the gradient has shape [3] but the tensor has shape [2]");
}

TEST(Registry, AttributeTypeIsChecked) {
  TensorRef x = make<float>({2}, {1, 2});
  expect_error([&] { call("scale", {x}, {{"scale", "big"}}); }, PD_INVALID_ARGUMENT,
               "scale: attribute 'scale' expects float, got string");
  expect_error([&] { call("scale", {x}, {{"no_such", 1}}); }, PD_NOT_FOUND,
               "scale: no attribute named 'no_such'");
  expect_error([&] { call("nope", {x}); }, PD_NOT_FOUND, "op 'nope' is not registered");
}

TEST(Autograd, LongChainsAreFreedWithoutDeepRecursion) {
  const int64_t nodes = stats::grad_nodes.load();
  {
    TensorRef x = leaf({1.0});
    TensorRef y = x;
    for (int i = 0; i < 200000; ++i) y = call("scale", {y}, {{"scale", 1.0}, {"bias", 1.0}});
    EXPECT_EQ(values(y)[0], 200001.0);
    EXPECT_EQ(stats::grad_nodes.load(), nodes + 200000);
  }
  EXPECT_EQ(stats::grad_nodes.load(), nodes);
}
