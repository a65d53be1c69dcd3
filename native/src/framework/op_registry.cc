#include "framework/op_registry.h"

#include <algorithm>
#include <cstring>

namespace pd {

const char* attr_type_name(AttrType t) {
  switch (t) {
    case AttrType::Int: return "int";
    case AttrType::Float: return "float";
    case AttrType::Bool: return "bool";
    case AttrType::String: return "string";
    case AttrType::Ints: return "int list";
    case AttrType::Floats: return "float list";
  }
  return "unknown";
}

AttrValue AttrValue::of_view(const AttrView& v) {
  AttrValue a;
  a.type = v.type;
  a.i = v.i;
  a.f = v.f;
  if (v.type == AttrType::String) a.s = v.s ? v.s : "";
  if (v.type == AttrType::Ints && v.count > 0) a.ints.assign(v.ints, v.ints + v.count);
  if (v.type == AttrType::Floats && v.count > 0) a.floats.assign(v.floats, v.floats + v.count);
  return a;
}

AttrView AttrValue::view() const {
  AttrView v;
  v.type = type;
  v.i = i;
  v.f = f;
  v.s = s.c_str();
  if (type == AttrType::Ints) {
    v.ints = ints.data();
    v.count = (int64_t)ints.size();
  } else if (type == AttrType::Floats) {
    v.floats = floats.data();
    v.count = (int64_t)floats.size();
  }
  return v;
}

const char* OpContext::op_name() const { return def.type.c_str(); }

int OpDef::attr_index(const char* name) const {
  for (size_t i = 0; i < attrs.size(); ++i)
    if (attrs[i].name == name) return (int)i;
  return -1;
}
int OpDef::input_index(const char* name) const {
  for (size_t i = 0; i < inputs.size(); ++i)
    if (inputs[i].name == name) return (int)i;
  return -1;
}
bool OpDef::has_variadic_input() const {
  return std::any_of(inputs.begin(), inputs.end(), [](const InputDecl& d) { return d.variadic; });
}

OpRegistry& OpRegistry::instance() {
  static OpRegistry r;
  return r;
}

int32_t OpRegistry::add(OpDef def) {
  auto it = std::lower_bound(index_.begin(), index_.end(), def.type,
                             [](const auto& e, const std::string& n) { return e.first < n; });
  if (it != index_.end() && it->first == def.type) {
    // Two declarations of one op is a build error; keep the first so the library still loads.
    return it->second;
  }
  if (def.inputs.size() > kMaxOpSlots || def.attrs.size() > kMaxOpAttrs) return -1;
  def.id = (int32_t)defs_.size();
  index_.insert(it, {def.type, def.id});
  defs_.push_back(std::make_unique<OpDef>(std::move(def)));
  return defs_.back()->id;
}

const OpDef* OpRegistry::find(const std::string& name) const {
  auto it = std::lower_bound(index_.begin(), index_.end(), name,
                             [](const auto& e, const std::string& n) { return e.first < n; });
  if (it == index_.end() || it->first != name) return nullptr;
  return defs_[it->second].get();
}

const OpDef& OpRegistry::get(int32_t id) const { return *defs_[id]; }

const OpDef* OpRegistry::get_checked(int32_t id) const {
  if (id < 0 || id >= (int32_t)defs_.size()) return nullptr;
  return defs_[id].get();
}

}  // namespace pd
