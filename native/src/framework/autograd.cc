#include "framework/autograd.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "core/alloc_stats.h"

namespace pd {

namespace {
thread_local bool t_grad_enabled = true;

TensorRef add_grads(const TensorRef& a, const TensorRef& b) {
  if (!a) return b;
  if (!b) return a;
  return call("elementwise_add", {a, b});
}
}  // namespace

GradNode::GradNode() { stats::grad_nodes++; }

namespace {
// Moves out every node that only `n` keeps alive (through edges and through saved inputs'
// grad_fn), so the caller can free long chains iteratively. A child reachable twice from `n`
// (edge + saved input) counts as owned when all of its references are the ones taken here.
void take_unique_children(GradNode& n, std::vector<std::shared_ptr<GradNode>>& stack) {
  std::vector<std::shared_ptr<GradNode>> cand;
  for (Edge& e : n.edges)
    if (e.node) cand.push_back(std::move(e.node));
  for (TensorRef& t : n.inputs)
    if (t && t->use_count() == 1 && t->grad_fn) cand.push_back(std::move(t->grad_fn));
  std::sort(cand.begin(), cand.end(),
            [](const auto& a, const auto& b) { return a.get() < b.get(); });
  for (size_t i = 0; i < cand.size();) {
    size_t j = i;
    while (j < cand.size() && cand[j].get() == cand[i].get()) ++j;
    const long copies = (long)(j - i);
    if (cand[i].use_count() == copies) stack.push_back(cand[i]);
    for (size_t k = i; k < j; ++k) cand[k].reset();  // never the last reference here
    i = j;
  }
}
}  // namespace

// A graph of 100k chained ops would otherwise be freed by 100k nested destructor calls and
// overflow the stack; unlinking children first keeps every destructor shallow.
GradNode::~GradNode() {
  stats::grad_nodes--;
  std::vector<std::shared_ptr<GradNode>> stack;
  take_unique_children(*this, stack);
  while (!stack.empty()) {
    std::shared_ptr<GradNode> node = std::move(stack.back());
    stack.pop_back();
    take_unique_children(*node, stack);
  }
}

bool grad_enabled() { return t_grad_enabled; }
bool set_grad_enabled(bool enabled) {
  bool prev = t_grad_enabled;
  t_grad_enabled = enabled;
  return prev;
}

TensorRef zeros_like_tensor(const Tensor& t) {
  TensorRef z = empty_tensor(t.dtype, t.dims, t.ndim, t.place());
  if (z->numel() > 0) std::memset(z->raw_data(), 0, (size_t)z->numel() * dtype_size(t.dtype));
  return z;
}

TensorRef ones_like_tensor(const Tensor& t) {
  TensorRef o = empty_tensor(t.dtype, t.dims, t.ndim, t.place());
  const int64_t n = o->numel();
  PD_DISPATCH_ALL(t.dtype, "ones_like", {
    scalar_t* p = o->data<scalar_t>();
    const scalar_t one = convert<scalar_t>(1.0);
    for (int64_t i = 0; i < n; ++i) p[i] = one;
  });
  return o;
}

TensorRef GradContext::dout(int k) const {
  if (out_grads[k]) return out_grads[k];
  return zeros_like_tensor(*outputs[k]);
}

void record_grad_node(OpContext& ctx) {
  const OpDef& def = ctx.def;
  bool needed = false;
  if (t_grad_enabled && def.grad_fn) {
    for (size_t s = 0; s < def.inputs.size() && !needed; ++s) {
      if (!def.inputs[s].differentiable) continue;
      for (int k = 0; k < ctx.slot_count[s]; ++k) {
        const TensorRef& t = ctx.inputs[ctx.slot_begin[s] + k];
        if (t && !t->stop_gradient) needed = true;
      }
    }
  }
  if (!needed) {
    for (auto& o : ctx.outputs) o->stop_gradient = true;
    return;
  }
  auto node = std::make_shared<GradNode>();
  node->def = &def;
  // Saved inputs: a leaf that requires grad is kept as itself (its gradient accumulates there);
  // any other input is saved as an alias carrying its autograd identity. Holding the caller's
  // object would let a later in-place op on it (which gives it a new grad_fn that reaches back
  // to this node) form a reference cycle that is never freed (found by the C ABI fuzzer).
  node->inputs.reserve(ctx.inputs.size());
  for (const TensorRef& t : ctx.inputs) {
    if (!t || (t->is_leaf() && !t->stop_gradient)) {
      node->inputs.push_back(t);
      continue;
    }
    TensorRef a = alias_detached(*t);
    a->lod = t->lod;
    a->stop_gradient = t->stop_gradient;
    a->grad_fn = t->grad_fn;
    a->out_index = t->out_index;
    node->inputs.push_back(std::move(a));
  }
  std::memcpy(node->slot_begin, ctx.slot_begin, sizeof(ctx.slot_begin));
  std::memcpy(node->slot_count, ctx.slot_count, sizeof(ctx.slot_count));
  node->attrs.reserve(def.attrs.size());
  for (size_t i = 0; i < def.attrs.size(); ++i) node->attrs.push_back(AttrValue::of_view(ctx.attrs[i]));
  node->edges.resize(ctx.inputs.size());
  for (size_t s = 0; s < def.inputs.size(); ++s) {
    if (!def.inputs[s].differentiable) continue;
    for (int k = 0; k < ctx.slot_count[s]; ++k) {
      const int i = ctx.slot_begin[s] + k;
      const TensorRef& t = ctx.inputs[i];
      if (!t || t->stop_gradient) continue;
      if (t->grad_fn) {
        node->edges[i].node = t->grad_fn;
        node->edges[i].index = t->out_index;
      } else {
        node->edges[i].leaf = t;
      }
    }
  }
  node->outputs.reserve(ctx.outputs.size());
  node->num_outputs = (int32_t)ctx.outputs.size();
  for (size_t k = 0; k < ctx.outputs.size(); ++k) {
    node->outputs.push_back(alias_detached(*ctx.outputs[k]));
    ctx.outputs[k]->grad_fn = node;
    ctx.outputs[k]->out_index = (int32_t)k;
    ctx.outputs[k]->stop_gradient = false;
  }
}

namespace {

struct Capture {
  std::vector<TensorRef> targets;
  std::vector<TensorRef> grads;
};

void check_grad_matches(const Tensor& t, const TensorRef& g, const char* what) {
  if (g->ndim != t.ndim || !std::equal(g->dims, g->dims + g->ndim, t.dims))
    PD_THROW(PD_INVALID_ARGUMENT, what, ": the gradient has shape ", shape_str(g->dims, g->ndim),
             " but the tensor has shape ", shape_str(t.dims, t.ndim), "; expected equal shapes");
  if (g->dtype != t.dtype)
    PD_THROW(PD_INVALID_ARGUMENT, what, ": the gradient has dtype ", dtype_name(g->dtype),
             " but the tensor has dtype ", dtype_name(t.dtype));
}

// The engine shared by backward() (capture == nullptr: accumulate into leaves' .grad) and
// paddle.grad (capture: collect gradients of the given tensors, leave .grad alone).
void run_backward(const std::vector<TensorRef>& roots, const std::vector<TensorRef>& root_grads,
                  bool retain_graph, bool create_graph, Capture* capture) {
  bool prev = set_grad_enabled(create_graph);
  struct Restore {
    bool p;
    ~Restore() { set_grad_enabled(p); }
  } restore{prev};

  auto capture_leaf = [&](const TensorRef& leaf, const TensorRef& g) {
    if (capture) {
      for (size_t i = 0; i < capture->targets.size(); ++i)
        if (capture->targets[i].get() == leaf.get())
          capture->grads[i] = add_grads(capture->grads[i], g);
      return;
    }
    if (leaf->stop_gradient) return;
    TensorRef gg = g;
    if (!create_graph) {
      // A leaf's .grad is a plain tensor with no history and storage of its own: grad makers
      // may hand one tensor to several inputs (elementwise_add gives dout to X and Y), and a
      // later in-place write to one leaf's grad must not change another's.
      gg = empty_tensor(g->dtype, g->dims, g->ndim, g->place());
      copy_to_contiguous(*g, gg->raw_data());
      gg->stop_gradient = true;
    }
    leaf->grad = leaf->grad ? add_grads(leaf->grad, gg) : gg;
    if (!create_graph) leaf->grad->stop_gradient = true;
  };

  // Count, per node, how many edges point at it from nodes reachable from the roots.
  std::unordered_map<GradNode*, int> deps;
  std::unordered_map<GradNode*, std::shared_ptr<GradNode>> keep;
  std::vector<GradNode*> stack;
  for (const auto& r : roots) {
    if (r->grad_fn && !keep.count(r->grad_fn.get())) {
      keep[r->grad_fn.get()] = r->grad_fn;
      deps[r->grad_fn.get()];
      stack.push_back(r->grad_fn.get());
    }
  }
  while (!stack.empty()) {
    GradNode* n = stack.back();
    stack.pop_back();
    for (const Edge& e : n->edges) {
      if (!e.node) continue;
      GradNode* c = e.node.get();
      if (!keep.count(c)) {
        keep[c] = e.node;
        stack.push_back(c);
      }
      deps[c]++;
    }
  }

  std::unordered_map<GradNode*, std::vector<TensorRef>> pending;
  for (size_t i = 0; i < roots.size(); ++i) {
    const TensorRef& r = roots[i];
    TensorRef g = root_grads[i];
    if (!r->grad_fn) {
      capture_leaf(r, g);
      continue;
    }
    auto& slot = pending[r->grad_fn.get()];
    slot.resize(r->grad_fn->num_outputs);
    slot[r->out_index] = add_grads(slot[r->out_index], g);
  }

  std::vector<GradNode*> ready;
  for (auto& kv : deps)
    if (kv.second == 0) ready.push_back(kv.first);
  while (!ready.empty()) {
    GradNode* n = ready.back();
    ready.pop_back();
    if (n->released)
      PD_THROW(PD_INVALID_STATE,
               "backward: trying to backward through the graph a second time (op '", n->def->type,
               "'); the saved tensors were freed after the first backward. Pass "
               "retain_graph=True to the first backward to keep them");
    std::vector<TensorRef> out_grads = std::move(pending[n]);
    out_grads.resize(n->num_outputs);
    pending.erase(n);
    if (capture) {
      for (size_t i = 0; i < capture->targets.size(); ++i) {
        const TensorRef& t = capture->targets[i];
        if (t->grad_fn.get() == n && out_grads[t->out_index])
          capture->grads[i] = add_grads(capture->grads[i], out_grads[t->out_index]);
      }
    }
    bool any = false;
    for (const auto& g : out_grads) any = any || (bool)g;
    std::vector<TensorRef> in_grads;
    if (any) {
      std::vector<AttrView> views(n->attrs.size());
      for (size_t i = 0; i < n->attrs.size(); ++i) views[i] = n->attrs[i].view();
      GradContext gc{*n->def, n->inputs, n->slot_begin, n->slot_count, n->outputs,
                     views.data(), std::move(out_grads), {}, {}};
      gc.input_grads.resize(n->inputs.size());
      gc.needs_grad.resize(n->inputs.size());
      for (size_t i = 0; i < n->edges.size(); ++i)
        gc.needs_grad[i] = n->edges[i].node || n->edges[i].leaf;
      n->def->grad_fn(gc);
      in_grads = std::move(gc.input_grads);
    }
    for (size_t i = 0; i < n->edges.size(); ++i) {
      const Edge& e = n->edges[i];
      TensorRef g = i < in_grads.size() ? in_grads[i] : TensorRef();
      if (g) {
        const Tensor& src = *n->inputs[i];
        check_grad_matches(src, g, n->def->type.c_str());
        if (e.leaf) {
          capture_leaf(e.leaf, g);
        } else if (e.node) {
          auto& slot = pending[e.node.get()];
          slot.resize(e.node->num_outputs);
          slot[e.index] = add_grads(slot[e.index], g);
        }
      }
      if (e.node && --deps[e.node.get()] == 0) ready.push_back(e.node.get());
    }
    if (!retain_graph) {
      n->released = true;
      n->inputs.clear();
      n->outputs.clear();
    }
  }
}

TensorRef default_root_grad(const TensorRef& t, const TensorRef& g, const char* what) {
  if (!g) return ones_like_tensor(*t);
  check_grad_matches(*t, g, what);
  return g;
}

}  // namespace

void backward(const TensorRef& root, const TensorRef& grad, bool retain_graph) {
  if (!root) PD_THROW(PD_INVALID_ARGUMENT, "backward: tensor is NULL");
  if (root->stop_gradient)
    PD_THROW(PD_INVALID_STATE,
             "backward: the tensor has stop_gradient=True, so no gradient can flow from it; set "
             "stop_gradient=False on the inputs that need gradients");
  run_backward({root}, {default_root_grad(root, grad, "backward")}, retain_graph, false, nullptr);
}

std::vector<TensorRef> compute_grad(const std::vector<TensorRef>& outputs,
                                    const std::vector<TensorRef>& inputs,
                                    const std::vector<TensorRef>& grad_outputs, bool retain_graph,
                                    bool create_graph, bool allow_unused) {
  if (outputs.empty()) PD_THROW(PD_INVALID_ARGUMENT, "grad: outputs is empty");
  if (inputs.empty()) PD_THROW(PD_INVALID_ARGUMENT, "grad: inputs is empty");
  if (!grad_outputs.empty() && grad_outputs.size() != outputs.size())
    PD_THROW(PD_INVALID_ARGUMENT, "grad: grad_outputs has ", grad_outputs.size(),
             " entries but outputs has ", outputs.size(), "; expected the same length");
  std::vector<TensorRef> roots, seeds;
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (!outputs[i]) PD_THROW(PD_INVALID_ARGUMENT, "grad: outputs[", i, "] is NULL");
    if (outputs[i]->stop_gradient) continue;
    roots.push_back(outputs[i]);
    seeds.push_back(default_root_grad(outputs[i], grad_outputs.empty() ? TensorRef() : grad_outputs[i],
                                      "grad"));
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i]) PD_THROW(PD_INVALID_ARGUMENT, "grad: inputs[", i, "] is NULL");
    if (inputs[i]->stop_gradient)
      PD_THROW(PD_INVALID_ARGUMENT, "grad: inputs[", i,
               "] has stop_gradient=True; expected a tensor that requires gradient");
  }
  Capture cap{inputs, std::vector<TensorRef>(inputs.size())};
  if (!roots.empty()) run_backward(roots, seeds, retain_graph, create_graph, &cap);
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!cap.grads[i] && !allow_unused)
      PD_THROW(PD_INVALID_ARGUMENT, "grad: inputs[", i,
               "] is not reachable from the outputs (unused); set allow_unused=True to get None");
    if (cap.grads[i] && !create_graph) {
      cap.grads[i] = alias_detached(*cap.grads[i]);
      cap.grads[i]->stop_gradient = true;
    }
  }
  return cap.grads;
}

}  // namespace pd
