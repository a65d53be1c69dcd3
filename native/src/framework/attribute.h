// Typed op attributes. AttrValue owns its data (declaration defaults, values saved in autograd
// nodes); AttrView is a non-owning view (what kernels read, what the C ABI passes in).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "paddle_c.h"

namespace pd {

enum class AttrType : int32_t {
  Int = PD_ATTR_INT, Float = PD_ATTR_FLOAT, Bool = PD_ATTR_BOOL, String = PD_ATTR_STRING,
  Ints = PD_ATTR_INTS, Floats = PD_ATTR_FLOATS
};
const char* attr_type_name(AttrType t);

struct AttrView {
  AttrType type = AttrType::Int;
  int64_t i = 0;
  double f = 0;
  const char* s = "";
  const int64_t* ints = nullptr;
  const double* floats = nullptr;
  int64_t count = 0;
};

struct AttrValue {
  AttrType type = AttrType::Int;
  int64_t i = 0;
  double f = 0;
  std::string s;
  std::vector<int64_t> ints;
  std::vector<double> floats;

  AttrValue() = default;
  AttrValue(int v) : type(AttrType::Int), i(v) {}
  AttrValue(int64_t v) : type(AttrType::Int), i(v) {}
  AttrValue(double v) : type(AttrType::Float), f(v) {}
  AttrValue(float v) : type(AttrType::Float), f(v) {}
  AttrValue(bool v) : type(AttrType::Bool), i(v ? 1 : 0) {}
  AttrValue(const char* v) : type(AttrType::String), s(v) {}
  AttrValue(std::string v) : type(AttrType::String), s(std::move(v)) {}
  AttrValue(std::vector<int64_t> v) : type(AttrType::Ints), ints(std::move(v)) {}
  AttrValue(std::vector<double> v) : type(AttrType::Floats), floats(std::move(v)) {}
  static AttrValue of_view(const AttrView& v);
  AttrView view() const;
};

}  // namespace pd
