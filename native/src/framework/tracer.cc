#include "framework/tracer.h"

#include <algorithm>
#include <cstring>

#include "framework/autograd.h"

namespace pd {

namespace {

void apply_attr(const OpDef& def, OpContext& ctx, const AttrOverride& a) {
  if (a.index < 0 || a.index >= (int)def.attrs.size())
    PD_THROW(PD_INVALID_ARGUMENT, def.type, ": attribute index ", a.index,
             " is out of range; the op has ", def.attrs.size(), " attributes");
  const AttrDecl& decl = def.attrs[a.index];
  const AttrType want = decl.def.type;
  AttrView v = a.value;
  auto bad = [&]() {
    PD_THROW(PD_INVALID_ARGUMENT, def.type, ": attribute '", decl.name, "' expects ",
             attr_type_name(want), ", got ", attr_type_name(v.type));
  };
  switch (want) {
    case AttrType::Int:
    case AttrType::Bool:
      if (v.type != AttrType::Int && v.type != AttrType::Bool) bad();
      if (want == AttrType::Bool) v.i = v.i != 0;
      break;
    case AttrType::Float:
      if (v.type == AttrType::Int || v.type == AttrType::Bool) {
        v.f = (double)v.i;
      } else if (v.type != AttrType::Float) {
        bad();
      }
      break;
    case AttrType::String:
      if (v.type != AttrType::String) bad();
      if (!v.s) PD_THROW(PD_INVALID_ARGUMENT, def.type, ": attribute '", decl.name, "' is NULL");
      break;
    case AttrType::Ints:
      if (v.type != AttrType::Ints) bad();
      if (v.count < 0 || (v.count > 0 && !v.ints))
        PD_THROW(PD_INVALID_ARGUMENT, def.type, ": attribute '", decl.name,
                 "' has an invalid list (count ", v.count, ")");
      break;
    case AttrType::Floats:
      if (v.type == AttrType::Ints) bad();
      if (v.type != AttrType::Floats) bad();
      if (v.count < 0 || (v.count > 0 && !v.floats))
        PD_THROW(PD_INVALID_ARGUMENT, def.type, ": attribute '", decl.name,
                 "' has an invalid list (count ", v.count, ")");
      break;
  }
  v.type = want;
  ctx.attrs[a.index] = v;
}

bool is_half(DType t) { return t == DType::Float16 || t == DType::BFloat16; }

// Checks slot counts, null handles, places and dtypes against the declaration.
void check_inputs(const OpDef& def, OpContext& ctx) {
  for (size_t s = 0; s < def.inputs.size(); ++s) {
    const InputDecl& d = def.inputs[s];
    int c = ctx.slot_count[s];
    if (d.variadic) {
      if (c < 1)
        PD_THROW(PD_INVALID_ARGUMENT, def.type, ": input '", d.name,
                 "' expects at least one tensor, got 0");
    } else if (d.optional) {
      if (c > 1)
        PD_THROW(PD_INVALID_ARGUMENT, def.type, ": input '", d.name,
                 "' expects at most one tensor, got ", c);
    } else if (c != 1) {
      PD_THROW(PD_INVALID_ARGUMENT, def.type, ": input '", d.name, "' expects one tensor, got ",
               c);
    }
    for (int k = 0; k < c; ++k) {
      const TensorRef& t = ctx.inputs[ctx.slot_begin[s] + k];
      if (!t) {
        if (d.optional) continue;
        PD_THROW(PD_INVALID_ARGUMENT, def.type, ": input '", d.name, "' is NULL");
      }
      if (t->place().kind != PD_PLACE_CPU)
        PD_THROW(PD_UNIMPLEMENTED, def.type, ": input '", d.name,
                 "' is not on CPU; this build has only CPU kernels");
    }
  }
  if (def.dtype_slot < 0 || !ctx.has(def.dtype_slot)) return;
  const DType dt = ctx.in(def.dtype_slot).dtype;
  if (!def.accepted_dtypes.empty() &&
      std::find(def.accepted_dtypes.begin(), def.accepted_dtypes.end(), dt) ==
          def.accepted_dtypes.end()) {
    std::string allowed;
    for (DType a : def.accepted_dtypes) allowed += std::string(allowed.empty() ? "" : ", ") + dtype_name(a);
    PD_THROW(PD_INVALID_ARGUMENT, def.type, ": input '", def.inputs[def.dtype_slot].name,
             "' has dtype ", dtype_name(dt), ", expected one of [", allowed, "]");
  }
  if (def.same_dtype_inputs) {
    for (size_t s = 0; s < def.inputs.size(); ++s) {
      for (int k = 0; k < ctx.slot_count[s]; ++k) {
        const TensorRef& t = ctx.inputs[ctx.slot_begin[s] + k];
        if (t && t->dtype != dt)
          PD_THROW(PD_INVALID_ARGUMENT, def.type, ": input '", def.inputs[s].name,
                   "' has dtype ", dtype_name(t->dtype), " but input '",
                   def.inputs[def.dtype_slot].name, "' has dtype ", dtype_name(dt),
                   "; expected the same dtype (cast one of them first)");
      }
    }
  }
}

void run_kernel(const OpDef& def, OpContext& ctx) {
  if (!def.cpu_kernel)
    PD_THROW(PD_UNIMPLEMENTED, def.type, ": no CPU kernel is registered");
  def.infer_fn(ctx);
  if (!def.makes_outputs) {
    ctx.outputs.clear();
    ctx.outputs.reserve(ctx.out_meta.size());
    for (const TensorMeta& m : ctx.out_meta) ctx.outputs.push_back(empty_tensor(m));
  }
  def.cpu_kernel(ctx);
}

}  // namespace

TensorRef cast_tensor(const TensorRef& t, DType to) {
  static const OpDef* cast = OpRegistry::instance().find("cast");
  if (!cast) PD_THROW(PD_INTERNAL, "the cast op is not registered");
  NoGradGuard ng;
  AttrOverride a[2] = {{cast->attr_index("in_dtype"), {}}, {cast->attr_index("out_dtype"), {}}};
  a[0].value.type = AttrType::Int;
  a[0].value.i = (int64_t)t->dtype;
  a[1].value.type = AttrType::Int;
  a[1].value.i = (int64_t)to;
  int one = 1;
  return execute_op(*cast, {t}, &one, a, 2)[0];
}

std::vector<TensorRef> execute_op(const OpDef& def, std::vector<TensorRef> inputs,
                                  const int* counts, const AttrOverride* attrs, int n_attrs) {
  OpContext ctx(def);
  int pos = 0;
  for (size_t s = 0; s < def.inputs.size(); ++s) {
    ctx.slot_begin[s] = pos;
    ctx.slot_count[s] = counts[s];
    pos += counts[s];
  }
  if (pos != (int)inputs.size())
    PD_THROW(PD_INVALID_ARGUMENT, def.type, ": got ", inputs.size(),
             " input tensors but the slot counts add up to ", pos);
  ctx.inputs = std::move(inputs);
  for (size_t i = 0; i < def.attrs.size(); ++i) ctx.attrs[i] = def.attrs[i].def.view();
  for (int i = 0; i < n_attrs; ++i) apply_attr(def, ctx, attrs[i]);
  check_inputs(def, ctx);
  if (!def.infer_fn) PD_THROW(PD_INTERNAL, def.type, ": no shape inference registered");

  const bool half = def.f16_via_f32 && def.dtype_slot >= 0 && ctx.has(def.dtype_slot) &&
                    is_half(ctx.in(def.dtype_slot).dtype);
  if (!half) {
    run_kernel(def, ctx);
  } else {
    // Compute through float32: cast half inputs up, run, cast float32 outputs back down.
    const DType half_t = ctx.in(def.dtype_slot).dtype;
    std::vector<TensorRef> original = ctx.inputs;
    for (auto& t : ctx.inputs)
      if (t && t->dtype == half_t) t = cast_tensor(t, DType::Float32);
    run_kernel(def, ctx);
    for (auto& o : ctx.outputs)
      if (o && o->dtype == DType::Float32) o = cast_tensor(o, half_t);
    ctx.inputs = std::move(original);
  }
  record_grad_node(ctx);
  return std::move(ctx.outputs);
}

void execute_op_inplace(const OpDef& def, const TensorRef& target, std::vector<TensorRef> inputs,
                        const int* counts, const AttrOverride* attrs, int n_attrs) {
  if (!target) PD_THROW(PD_INVALID_ARGUMENT, def.type, "_: target tensor is NULL");
  if (grad_enabled() && target->is_leaf() && !target->stop_gradient)
    PD_THROW(PD_INVALID_STATE, def.type,
             "_: Leaf Tensor that doesn't stop gradient can't use inplace strategy.");
  // The recorded node must see the target's value before the write: give it a snapshot that
  // carries the target's autograd identity, so no cycle and no overwritten saved value.
  TensorRef snapshot;
  for (auto& t : inputs) {
    if (t.get() != target.get()) continue;
    if (!snapshot) {
      snapshot = empty_tensor(target->dtype, target->dims, target->ndim);
      copy_to_contiguous(*target, snapshot->raw_data());
      snapshot->lod = target->lod;
      snapshot->stop_gradient = target->stop_gradient;
      snapshot->grad_fn = target->grad_fn;
      snapshot->out_index = target->out_index;
    }
    t = snapshot;
  }
  std::vector<TensorRef> outs = execute_op(def, std::move(inputs), counts, attrs, n_attrs);
  if (outs.empty() || !outs[0])  // e.g. unstack of a size-0 axis produces no output
    PD_THROW(PD_INVALID_ARGUMENT, def.type, "_: the op produced no output to write in place");
  const Tensor& r = *outs[0];
  if (r.dtype != target->dtype || r.ndim != target->ndim ||
      !std::equal(r.dims, r.dims + r.ndim, target->dims))
    PD_THROW(PD_INVALID_ARGUMENT, def.type, "_: the result has shape ", shape_str(r.dims, r.ndim),
             " and dtype ", dtype_name(r.dtype), ", but the in-place target has shape ",
             shape_str(target->dims, target->ndim), " and dtype ", dtype_name(target->dtype),
             "; an in-place op cannot change shape or dtype");
  copy_into(r, *target);
  if (r.grad_fn) {
    target->grad_fn = r.grad_fn;
    target->out_index = r.out_index;
    target->stop_gradient = false;
  }
}

// ---- C++ convenience callers ----

std::vector<TensorRef> run_op(const OpDef& def, const std::vector<std::vector<TensorRef>>& inputs,
                              const std::vector<NamedAttr>& attrs) {
  if (inputs.size() != def.inputs.size())
    PD_THROW(PD_INVALID_ARGUMENT, def.type, ": expected ", def.inputs.size(),
             " input slots, got ", inputs.size());
  std::vector<TensorRef> flat;
  int counts[kMaxOpSlots] = {};
  for (size_t s = 0; s < inputs.size(); ++s) {
    counts[s] = (int)inputs[s].size();
    for (const auto& t : inputs[s]) flat.push_back(t);
  }
  std::vector<AttrOverride> ov;
  ov.reserve(attrs.size());
  for (const auto& a : attrs) {
    int idx = def.attr_index(a.name);
    if (idx < 0) PD_THROW(PD_NOT_FOUND, def.type, ": no attribute named '", a.name, "'");
    ov.push_back({idx, a.value.view()});
  }
  return execute_op(def, std::move(flat), counts, ov.data(), (int)ov.size());
}

std::vector<TensorRef> call_all(const char* op, std::initializer_list<TensorRef> inputs,
                                const std::vector<NamedAttr>& attrs) {
  const OpDef* def = OpRegistry::instance().find(op);
  if (!def) PD_THROW(PD_NOT_FOUND, "op '", op, "' is not registered");
  std::vector<std::vector<TensorRef>> slots;
  for (const auto& t : inputs) {
    if (t) slots.push_back({t});
    else slots.push_back({});
  }
  return run_op(*def, slots, attrs);
}

TensorRef call(const char* op, std::initializer_list<TensorRef> inputs,
               const std::vector<NamedAttr>& attrs) {
  return call_all(op, inputs, attrs)[0];
}

}  // namespace pd
