// Dygraph autograd: the tracer records a GradNode per op call when any differentiable input
// requires grad; backward() walks the nodes in dependency order and calls each op's grad maker.
#pragma once
#include <memory>
#include <vector>

#include "core/tensor.h"
#include "framework/op_registry.h"

namespace pd {

struct GradNode;

// Where the gradient of one forward input goes: into another node's output slot, or into a leaf.
struct Edge {
  std::shared_ptr<GradNode> node;
  int32_t index = 0;
  TensorRef leaf;
};

struct GradNode {
  const OpDef* def = nullptr;
  std::vector<TensorRef> inputs;   // forward inputs as given
  int slot_begin[kMaxOpSlots] = {};
  int slot_count[kMaxOpSlots] = {};
  std::vector<TensorRef> outputs;  // forward outputs, detached (no cycle back to this node)
  int32_t num_outputs = 0;         // outputs.size() at record time (outputs are freed on release)
  std::vector<AttrValue> attrs;    // every attribute slot, owned
  std::vector<Edge> edges;         // one per flattened input
  bool released = false;           // saved tensors freed by a backward without retain_graph

  GradNode();
  ~GradNode();
};

bool grad_enabled();
bool set_grad_enabled(bool enabled);  // returns the previous value

struct NoGradGuard {
  bool prev;
  NoGradGuard() : prev(set_grad_enabled(false)) {}
  ~NoGradGuard() { set_grad_enabled(prev); }
};

// Records `ctx`'s call when needed (called by the tracer after the kernel ran).
void record_grad_node(OpContext& ctx);

// Tensor.backward(grad_tensor, retain_graph).
void backward(const TensorRef& root, const TensorRef& grad, bool retain_graph);

// paddle.grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused).
std::vector<TensorRef> compute_grad(const std::vector<TensorRef>& outputs,
                                    const std::vector<TensorRef>& inputs,
                                    const std::vector<TensorRef>& grad_outputs, bool retain_graph,
                                    bool create_graph, bool allow_unused);

// Zeros shaped/typed like `t` (no autograd).
TensorRef zeros_like_tensor(const Tensor& t);
TensorRef ones_like_tensor(const Tensor& t);

}  // namespace pd
