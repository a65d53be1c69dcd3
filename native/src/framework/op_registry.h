// The op registry: every op is declared once, under Paddle's op type name, with its inputs,
// outputs, typed attributes (Paddle's names and defaults), accepted dtypes, shape inference,
// kernels per place, and grad maker. Dygraph calls, autograd and (later) the static executor
// all run ops through this one table.
//
// Declaring an op (in kernels/<family>/<family>_ops.cc):
//
//   PD_REGISTER_OP(elementwise_add)
//       .input("X").input("Y").output("Out")
//       .attr("axis", -1)
//       .dtypes(kArithmeticDTypes)
//       .infer(infer_broadcast_binary)
//       .cpu(elementwise_add_cpu)
//       .grad(elementwise_add_grad);
//
// Run-time flow for one call (framework/tracer.cc): check slot counts and dtypes against the
// declaration -> fill attributes (defaults + caller's, type-checked) -> infer() validates and
// writes out_meta -> outputs are allocated (unless the op makes views) -> the place's kernel
// runs -> if any differentiable input requires grad, an autograd node is recorded.
#pragma once
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

#include "core/tensor.h"
#include "framework/attribute.h"

namespace pd {

constexpr int kMaxOpSlots = 8;
constexpr int kMaxOpAttrs = 24;

struct InputDecl {
  std::string name;
  bool differentiable = true;
  bool optional = false;
  bool variadic = false;
};
struct OutputDecl {
  std::string name;
  bool variadic = false;
  bool intermediate = false;  // e.g. XShape: produced but not returned to users
};
struct AttrDecl {
  std::string name;
  AttrValue def;
};

struct OpDef;

// Everything a shape-inference function or kernel sees for one call.
class OpContext {
 public:
  const OpDef& def;
  explicit OpContext(const OpDef& d) : def(d) {}

  // Inputs, flattened; slot s covers [slot_begin[s], slot_begin[s] + slot_count[s]).
  std::vector<TensorRef> inputs;
  int slot_begin[kMaxOpSlots] = {};
  int slot_count[kMaxOpSlots] = {};
  AttrView attrs[kMaxOpAttrs];
  // Filled by infer(); the runner allocates outputs from them unless the op makes its own.
  std::vector<TensorMeta> out_meta;
  std::vector<TensorRef> outputs;

  const Tensor& in(int slot, int k = 0) const { return *inputs[slot_begin[slot] + k]; }
  const TensorRef& in_ref(int slot, int k = 0) const { return inputs[slot_begin[slot] + k]; }
  bool has(int slot) const { return slot_count[slot] > 0 && inputs[slot_begin[slot]]; }
  int count(int slot) const { return slot_count[slot]; }
  Tensor& out(int k) const { return *outputs[k]; }

  int64_t attr_int(int i) const { return attrs[i].i; }
  double attr_float(int i) const { return attrs[i].f; }
  bool attr_bool(int i) const { return attrs[i].i != 0; }
  const char* attr_str(int i) const { return attrs[i].s; }
  std::vector<int64_t> attr_ints(int i) const {
    return std::vector<int64_t>(attrs[i].ints, attrs[i].ints + attrs[i].count);
  }
  std::vector<double> attr_floats(int i) const {
    return std::vector<double>(attrs[i].floats, attrs[i].floats + attrs[i].count);
  }
  const char* op_name() const;
};

// What a grad maker sees: forward inputs/outputs (outputs detached), attributes, and the
// incoming gradient of each output (null when that output got no gradient). It fills
// input_grads (one per flattened input; leave null for "no gradient"). Grad makers compute
// with ops (pd::call), so create_graph=True builds a differentiable graph for free.
struct GradContext {
  const OpDef& def;
  const std::vector<TensorRef>& inputs;
  const int* slot_begin;
  const int* slot_count;
  const std::vector<TensorRef>& outputs;
  const AttrView* attrs;
  std::vector<TensorRef> out_grads;
  std::vector<TensorRef> input_grads;
  std::vector<bool> needs_grad;  // per flattened input

  const TensorRef& in(int slot, int k = 0) const { return inputs[slot_begin[slot] + k]; }
  bool has(int slot) const { return slot_count[slot] > 0 && inputs[slot_begin[slot]]; }
  bool needs(int slot, int k = 0) const { return needs_grad[slot_begin[slot] + k]; }
  void set_grad(int slot, int k, TensorRef g) { input_grads[slot_begin[slot] + k] = std::move(g); }
  void set_grad(int slot, TensorRef g) { set_grad(slot, 0, std::move(g)); }
  // The gradient of output k, or zeros shaped like it when none flowed in.
  TensorRef dout(int k = 0) const;
  int64_t attr_int(int i) const { return attrs[i].i; }
  double attr_float(int i) const { return attrs[i].f; }
  bool attr_bool(int i) const { return attrs[i].i != 0; }
  std::vector<int64_t> attr_ints(int i) const {
    return std::vector<int64_t>(attrs[i].ints, attrs[i].ints + attrs[i].count);
  }
};

using InferFn = void (*)(OpContext&);
using KernelFn = void (*)(OpContext&);
using GradFn = void (*)(GradContext&);

struct OpDef {
  std::string type;
  int32_t id = -1;
  std::vector<InputDecl> inputs;
  std::vector<OutputDecl> outputs;
  std::vector<AttrDecl> attrs;
  std::vector<DType> accepted_dtypes;  // dtypes of the dtype-driving input (empty: any)
  int dtype_slot = 0;            // which input drives dtype checks (-1: none, e.g. creation ops)
  bool same_dtype_inputs = true; // all tensor inputs must share the driving input's dtype
  bool f16_via_f32 = false;      // run float16/bfloat16 through the float32 kernel
  bool makes_outputs = false;    // the kernel creates outputs itself (views)
  InferFn infer_fn = nullptr;
  KernelFn cpu_kernel = nullptr;
  GradFn grad_fn = nullptr;

  // --- declaration builder ---
  OpDef& input(const char* name, bool differentiable = true) {
    inputs.push_back({name, differentiable, false, false});
    return *this;
  }
  OpDef& optional_input(const char* name, bool differentiable = true) {
    inputs.push_back({name, differentiable, true, false});
    return *this;
  }
  OpDef& variadic_input(const char* name, bool differentiable = true) {
    inputs.push_back({name, differentiable, false, true});
    return *this;
  }
  OpDef& output(const char* name) {
    outputs.push_back({name, false, false});
    return *this;
  }
  OpDef& variadic_output(const char* name) {
    outputs.push_back({name, true, false});
    return *this;
  }
  OpDef& intermediate_output(const char* name) {
    outputs.push_back({name, false, true});
    return *this;
  }
  OpDef& attr(const char* name, AttrValue def) {
    attrs.push_back({name, std::move(def)});
    return *this;
  }
  OpDef& dtype_from(int slot) { dtype_slot = slot; return *this; }
  OpDef& mixed_dtype_inputs() { same_dtype_inputs = false; return *this; }
  OpDef& dtypes(std::vector<DType> d) { accepted_dtypes = std::move(d); return *this; }
  OpDef& compute_f16_via_f32() { f16_via_f32 = true; return *this; }
  OpDef& view_outputs() { makes_outputs = true; return *this; }
  OpDef& infer(InferFn f) { infer_fn = f; return *this; }
  OpDef& cpu(KernelFn f) { cpu_kernel = f; return *this; }
  OpDef& grad(GradFn f) { grad_fn = f; return *this; }

  int attr_index(const char* name) const;  // -1 if absent
  int input_index(const char* name) const;
  bool has_variadic_input() const;

  OpDef() = default;
  explicit OpDef(const char* t) : type(t) {}
};

// Common dtype sets. `inline` so they are constant-initialised before any registration runs
// (an extern defined in another file could still be empty during static initialisation).
inline const std::vector<DType> kFloatDTypes = {DType::Float16, DType::BFloat16, DType::Float32,
                                                DType::Float64};
inline const std::vector<DType> kArithmeticDTypes = {DType::Float16, DType::BFloat16,
                                                     DType::Float32, DType::Float64,
                                                     DType::Int32,   DType::Int64};
inline const std::vector<DType> kNumericDTypes = {
    DType::Float16, DType::BFloat16, DType::Float32, DType::Float64, DType::Int32,
    DType::Int64,   DType::Bool,     DType::Int8,    DType::UInt8,   DType::Int16};
inline const std::vector<DType> kAllDTypes = {
    DType::Float16, DType::BFloat16, DType::Float32, DType::Float64,   DType::Int32,
    DType::Int64,   DType::Bool,     DType::Int8,    DType::UInt8,     DType::Int16,
    DType::Complex64, DType::Complex128};

class OpRegistry {
 public:
  static OpRegistry& instance();
  // Registers a declaration; returns its id. Duplicate names are an error at load time.
  int32_t add(OpDef def);
  const OpDef* find(const std::string& name) const;  // nullptr if absent
  const OpDef& get(int32_t id) const;                 // id validated by the caller
  const OpDef* get_checked(int32_t id) const;         // nullptr if out of range
  int32_t size() const { return (int32_t)defs_.size(); }

 private:
  std::vector<std::unique_ptr<OpDef>> defs_;
  std::vector<std::pair<std::string, int32_t>> index_;  // sorted by name
};

struct OpRegistrar {
  OpRegistrar(OpDef& def) { OpRegistry::instance().add(def); }
};

// `PD_REGISTER_OP(name)` starts a declaration chain that is registered at library load.
#define PD_REGISTER_OP(name)                                                      \
  static ::pd::OpDef pd_opdef_##name{#name};                        \
  static ::pd::OpRegistrar pd_opreg_##name = pd_opdef_##name

// ---- running ops from C++ (grad makers, composite ops, tests) ----

struct NamedAttr {
  const char* name;
  AttrValue value;
};

// Runs an op eagerly through the tracer. `inputs` are grouped per declared slot.
std::vector<TensorRef> run_op(const OpDef& def, const std::vector<std::vector<TensorRef>>& inputs,
                              const std::vector<NamedAttr>& attrs = {});
// Convenience: one tensor per slot (null for an absent optional input), first output.
TensorRef call(const char* op, std::initializer_list<TensorRef> inputs,
               const std::vector<NamedAttr>& attrs = {});
std::vector<TensorRef> call_all(const char* op, std::initializer_list<TensorRef> inputs,
                                const std::vector<NamedAttr>& attrs = {});

}  // namespace pd
