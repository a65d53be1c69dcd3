// C ABI call overhead (issue 5): what the extern "C" layer (handle lookup, status/guard, output
// handles) adds on top of running the op from C++.
//   capi_add_1elem/paddle    pd_op_run(elementwise_add) on two 1-element float32 tensors, then
//                            pd_tensor_release of the output (what every managed op call does)
//   capi_add_1elem/baseline  the same op through the tracer from C++ (execute_op: same checks,
//                            allocation and kernel; no handles, no C layer)
//   capi_numel/paddle        pd_tensor_numel: a handle lookup and nothing else
// Registered statically; ops_bench.cc's main runs them and prints the RATIO table.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>

#include "framework/op_registry.h"
#include "framework/tracer.h"
#include "paddle_c.h"

namespace {

void ok(pd_status s) {
  if (s != PD_OK) {
    std::fprintf(stderr, "capi_bench: %s\n", pd_last_error_message());
    std::abort();
  }
}

pd_tensor* scalar_tensor(float v) {
  const int64_t shape[1] = {1};
  pd_tensor* t = nullptr;
  ok(pd_tensor_create_from_data(PD_FLOAT32, shape, 1, PD_PLACE_CPU, &v, sizeof v, &t));
  return t;
}

void capi_add_paddle(benchmark::State& st) {
  int32_t op = -1;
  ok(pd_op_lookup("elementwise_add", &op));
  pd_tensor* in[2] = {scalar_tensor(1.f), scalar_tensor(2.f)};
  for (auto _ : st) {
    pd_tensor* out[4];
    int32_t n = 0;
    ok(pd_op_run(op, in, 2, nullptr, 0, nullptr, 0, out, 4, &n));
    benchmark::DoNotOptimize(out[0]);
    pd_tensor_release(out[0]);
  }
  pd_tensor_release(in[0]);
  pd_tensor_release(in[1]);
}

void capi_add_baseline(benchmark::State& st) {
  pd::TensorRef a = pd::empty_tensor(pd::DType::Float32, {1}), b = pd::empty_tensor(pd::DType::Float32, {1});
  *a->data<float>() = 1.f;
  *b->data<float>() = 2.f;
  const pd::OpDef& def = *pd::OpRegistry::instance().find("elementwise_add");
  const int counts[2] = {1, 1};
  for (auto _ : st) {
    std::vector<pd::TensorRef> outs = pd::execute_op(def, {a, b}, counts, nullptr, 0);
    benchmark::DoNotOptimize(outs[0].get());
  }
}

void capi_numel(benchmark::State& st) {
  pd_tensor* t = scalar_tensor(1.f);
  for (auto _ : st) {
    int64_t n = 0;
    ok(pd_tensor_numel(t, &n));
    benchmark::DoNotOptimize(n);
  }
  pd_tensor_release(t);
}

BENCHMARK(capi_add_paddle)->Name("capi_add_1elem/paddle")->Unit(benchmark::kNanosecond)->UseRealTime();
BENCHMARK(capi_add_baseline)->Name("capi_add_1elem/baseline")->Unit(benchmark::kNanosecond)->UseRealTime();
BENCHMARK(capi_numel)->Name("capi_numel/paddle")->Unit(benchmark::kNanosecond)->UseRealTime();

}  // namespace
