// The ops ssd_loss is composed of (fluid.layers.ssd_loss is composed in C#, as Paddle composes it
// in Python): iou_similarity, bipartite_match, target_assign, mine_hard_examples, box_coder,
// smooth_l1_loss (+ smooth_l1_loss_grad), prior_box, density_prior_box. Semantics follow
// /work/shared/specs/detection.md sections 1, 2 and 5. Arithmetic shared with the CUDA path is in
// ssd_kernel.h and bbox_util.h.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "framework/autograd.h"
#include "framework/op_registry.h"
#include "kernels/common/parallel.h"
#include "kernels/detection/bbox_util.h"
#include "kernels/detection/ssd_kernel.h"

namespace pd {
namespace {

const std::vector<DType> kSsdFloat = {DType::Float32, DType::Float64};

void expect_rank(const char* op, const char* name, const Tensor& t, int rank) {
  if (t.ndim != rank)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": input '", name, "' has rank ", t.ndim, " (shape ",
             shape_str(t.dims, t.ndim), "); expected rank ", rank);
}

void expect_boxes(const char* op, const char* name, const Tensor& t) {
  expect_rank(op, name, t, 2);
  if (t.dims[1] != 4)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": input '", name, "' has shape ",
             shape_str(t.dims, t.ndim), "; expected [N, 4] boxes");
}

void expect_dtype(const char* op, const char* name, const Tensor& t, DType d) {
  if (t.dtype != d)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": input '", name, "' has dtype ", dtype_name(t.dtype),
             "; expected ", dtype_name(d));
}

// Validates level-1 LoD against dim 0 and returns its offsets. `max_levels` bounds the number
// of levels; `required` makes a missing LoD an error. Without LoD: one segment [0, dims0].
std::vector<int64_t> lod_offsets(const char* op, const char* name, const Tensor& t,
                                 size_t max_levels, bool required) {
  if (t.lod.empty()) {
    if (required)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": input '", name,
               "' has no LoD; expected a LoD tensor with one level");
    return {0, t.ndim > 0 ? t.dims[0] : 0};
  }
  if (t.lod.size() > max_levels)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": input '", name, "' has ", t.lod.size(),
             " LoD levels; expected ", required ? "exactly one" : "at most one");
  const std::vector<int64_t>& o = t.lod.back();
  const int64_t rows = t.ndim > 0 ? t.dims[0] : 0;
  if (o.size() < 2 || o[0] != 0)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": input '", name,
             "' has a malformed LoD; expected offsets starting at 0 with at least 2 entries");
  for (size_t i = 1; i < o.size(); ++i)
    if (o[i] < o[i - 1])
      PD_THROW(PD_INVALID_ARGUMENT, op, ": input '", name, "' has LoD offsets that decrease (",
               o[i - 1], " then ", o[i], "); expected non-decreasing offsets");
  if (o.back() != rows)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": input '", name, "' has LoD ending at ", o.back(),
             " but its first dimension is ", rows, "; the LoD must add up to the first dimension");
  return o;
}

// ================================================================ iou_similarity
enum IouAttr { kIouNormalized = 0 };

void iou_infer(OpContext& c) {
  const Tensor& x = c.in(0);
  const Tensor& y = c.in(1);
  expect_boxes("iou_similarity", "X", x);
  expect_boxes("iou_similarity", "Y", y);
  lod_offsets("iou_similarity", "X", x, 1, false);
  c.out_meta.resize(1);
  c.out_meta[0].dtype = x.dtype;
  c.out_meta[0].set_dims({x.dims[0], y.dims[0]});
}

void iou_cpu(OpContext& c) {
  TensorRef x = contiguous(c.in_ref(0));
  TensorRef y = contiguous(c.in_ref(1));
  const int64_t n = x->dims[0], m = y->dims[0];
  const bool normalized = c.attr_bool(kIouNormalized);
  Tensor& out = c.out(0);
  out.lod = c.in(0).lod;
  PD_DISPATCH_FLOATING(x->dtype, "iou_similarity", {
    const scalar_t* px = x->data<scalar_t>();
    const scalar_t* py = y->data<scalar_t>();
    scalar_t* po = out.data<scalar_t>();
    parallel_for(n, std::max<int64_t>(1, 4096 / std::max<int64_t>(m, 1)), [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i)
        for (int64_t j = 0; j < m; ++j)
          po[i * m + j] = iou_similarity_pair(px + i * 4, py + j * 4, normalized);
    });
  });
}

// ================================================================ bipartite_match
enum BmAttr { kBmMatchType = 0, kBmThreshold = 1 };

bool bm_per_prediction(const OpContext& c) {
  const std::string mt = c.attr_str(kBmMatchType);
  if (mt == "per_prediction") return true;
  if (mt == "bipartite") return false;
  PD_THROW(PD_INVALID_ARGUMENT, "bipartite_match: match_type '", mt,
           "' is not supported; expected 'bipartite' or 'per_prediction'");
}

void bm_infer(OpContext& c) {
  const Tensor& d = c.in(0);
  expect_rank("bipartite_match", "DistMat", d, 2);
  bm_per_prediction(c);
  const auto lod = lod_offsets("bipartite_match", "DistMat", d, 1, false);
  const int64_t n = (int64_t)lod.size() - 1;
  c.out_meta.resize(2);
  c.out_meta[0].dtype = DType::Int32;
  c.out_meta[0].set_dims({n, d.dims[1]});
  c.out_meta[1].dtype = d.dtype;
  c.out_meta[1].set_dims({n, d.dims[1]});
}

// One instance: rows [0, rows) of `dist` (row-major, `cols` columns).
template <typename T>
void bipartite_one(const T* dist, int64_t rows, int64_t cols, bool per_prediction, T threshold,
                   int32_t* idx, T* md) {
  for (int64_t j = 0; j < cols; ++j) {
    idx[j] = -1;
    md[j] = T(0);
  }
  if (rows == 0) return;
  // Phase 1: greedy global maximum over free rows and columns. Paddle scans (< 130 rows,
  // eligible iff value >= 1e-6) or sorts (>= 130 rows, eligible iff value > 0); both take the
  // global maximum each time, so one sorted walk reproduces them. Ties: smallest column, then
  // smallest row (the scan path's order; the sort path's tie order is unspecified in Paddle).
  const bool small = rows < 130;
  const T kEps = T(1e-6);
  struct Cand {
    T v;
    int64_t col, row;
  };
  std::vector<Cand> cand;
  cand.reserve((size_t)(rows * cols));
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < cols; ++j) {
      const T v = dist[r * cols + j];
      if (small ? !(v >= kEps) : !(v > T(0))) continue;
      cand.push_back({v, j, r});
    }
  std::sort(cand.begin(), cand.end(), [](const Cand& a, const Cand& b) {
    if (a.v != b.v) return a.v > b.v;
    if (a.col != b.col) return a.col < b.col;
    return a.row < b.row;
  });
  std::vector<char> row_used((size_t)rows, 0);
  int64_t matched = 0;
  for (const Cand& cd : cand) {
    if (matched == rows) break;
    if (row_used[(size_t)cd.row] || idx[cd.col] != -1) continue;
    row_used[(size_t)cd.row] = 1;
    idx[cd.col] = (int32_t)cd.row;
    md[cd.col] = cd.v;
    ++matched;
  }
  if (!per_prediction) return;
  // Phase 2: every still unmatched column takes its best row with value >= threshold.
  for (int64_t j = 0; j < cols; ++j) {
    if (idx[j] != -1) continue;
    int64_t best = -1;
    T best_v = T(-1);
    for (int64_t r = 0; r < rows; ++r) {
      const T v = dist[r * cols + j];
      if (v < kEps) continue;
      if (v >= threshold && v > best_v) {
        best = r;
        best_v = v;
      }
    }
    if (best >= 0) {
      idx[j] = (int32_t)best;
      md[j] = best_v;
    }
  }
}

void bm_cpu(OpContext& c) {
  TensorRef d = contiguous(c.in_ref(0));
  const auto lod = lod_offsets("bipartite_match", "DistMat", c.in(0), 1, false);
  const int64_t n = (int64_t)lod.size() - 1, cols = d->dims[1];
  const bool pp = bm_per_prediction(c);
  int32_t* idx = c.out(0).data<int32_t>();
  PD_DISPATCH_FLOATING(d->dtype, "bipartite_match", {
    const scalar_t* pd_ = d->data<scalar_t>();
    scalar_t* md = c.out(1).data<scalar_t>();
    const scalar_t thr = (scalar_t)c.attr_float(kBmThreshold);
    parallel_for(n, 1, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i)
        bipartite_one<scalar_t>(pd_ + lod[i] * cols, lod[i + 1] - lod[i], cols, pp, thr,
                                idx + i * cols, md + i * cols);
    });
  });
}

// ================================================================ target_assign
enum TaAttr { kTaMismatch = 0 };
const std::vector<DType> kTaDTypes = {DType::Int32, DType::Int64, DType::Float32, DType::Float64};

void ta_infer(OpContext& c) {
  const char* op = "target_assign";
  const Tensor& x = c.in(0);
  const Tensor& mi = c.in(1);
  expect_rank(op, "X", x, 3);
  const auto lod = lod_offsets(op, "X", x, 1, true);
  expect_rank(op, "MatchIndices", mi, 2);
  expect_dtype(op, "MatchIndices", mi, DType::Int32);
  const int64_t n = mi.dims[0], pm = mi.dims[1], p = x.dims[1];
  if ((int64_t)lod.size() - 1 != n)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": X's LoD has ", lod.size() - 1,
             " segments but MatchIndices has ", n, " rows; expected one LoD segment per image");
  if (p == 0 && pm > 0)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": X has shape ", shape_str(x.dims, x.ndim),
             "; expected a non-zero second dimension");
  // Every match index must name a row of its image's segment (Paddle does not check: it
  // would read out of bounds).
  TensorRef mc = contiguous(c.in_ref(1));
  const int32_t* pmi = mc->data<int32_t>();
  for (int64_t i = 0; i < n; ++i) {
    const int64_t seg = lod[i + 1] - lod[i];
    for (int64_t j = 0; j < pm; ++j) {
      const int32_t id = pmi[i * pm + j];
      if (id >= seg || id < -1)
        PD_THROW(PD_OUT_OF_RANGE, op, ": MatchIndices[", i, "][", j, "] = ", id,
                 " is out of range; image ", i, " has ", seg,
                 " rows in X, expected -1 <= index < ", seg);
    }
  }
  if (c.has(2)) {
    const Tensor& neg = c.in(2);
    expect_rank(op, "NegIndices", neg, 2);
    expect_dtype(op, "NegIndices", neg, DType::Int32);
    if (neg.dims[1] != 1)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": NegIndices has shape ", shape_str(neg.dims, 2),
               "; expected [Neg, 1]");
    const auto nl = lod_offsets(op, "NegIndices", neg, 1, true);
    if ((int64_t)nl.size() - 1 != n)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": NegIndices' LoD has ", nl.size() - 1,
               " segments but MatchIndices has ", n, " rows; expected one segment per image");
    TensorRef nc = contiguous(c.in_ref(2));
    const int32_t* pn = nc->data<int32_t>();
    for (int64_t k = 0; k < neg.dims[0]; ++k)
      if (pn[k] < 0 || pn[k] >= pm)
        PD_THROW(PD_OUT_OF_RANGE, op, ": NegIndices[", k, "] = ", pn[k],
                 " is out of range; expected 0 <= index < ", pm);
  }
  c.out_meta.resize(2);
  c.out_meta[0].dtype = x.dtype;
  c.out_meta[0].set_dims({n, pm, x.dims[2]});
  c.out_meta[1].dtype = DType::Float32;
  c.out_meta[1].set_dims({n, pm, 1});
}

void ta_cpu(OpContext& c) {
  TensorRef x = contiguous(c.in_ref(0));
  TensorRef mi = contiguous(c.in_ref(1));
  const auto lod = lod_offsets("target_assign", "X", c.in(0), 1, true);
  const int64_t n = mi->dims[0], pm = mi->dims[1], p = x->dims[1], k = x->dims[2];
  const int64_t mismatch = c.attr_int(kTaMismatch);
  const int32_t* pmi = mi->data<int32_t>();
  float* w = c.out(1).data<float>();
  PD_DISPATCH_ARITH(x->dtype, "target_assign", {
    const scalar_t* px = x->data<scalar_t>();
    scalar_t* po = c.out(0).data<scalar_t>();
    const scalar_t mv = (scalar_t)mismatch;
    parallel_for(n * pm, 1024, [&](int64_t b, int64_t e) {
      for (int64_t q = b; q < e; ++q) {
        const int64_t i = q / pm, j = q % pm;
        const int32_t id = pmi[q];
        scalar_t* dst = po + q * k;
        if (id > -1) {
          const scalar_t* src = px + ((lod[i] + id) * p + j % p) * k;
          for (int64_t t = 0; t < k; ++t) dst[t] = src[t];
          w[q] = 1.f;
        } else {
          for (int64_t t = 0; t < k; ++t) dst[t] = mv;
          w[q] = 0.f;
        }
      }
    });
    if (c.has(2)) {
      TensorRef neg = contiguous(c.in_ref(2));
      const auto nl = lod_offsets("target_assign", "NegIndices", c.in(2), 1, true);
      const int32_t* pn = neg->data<int32_t>();
      for (int64_t i = 0; i < n; ++i)
        for (int64_t r = nl[i]; r < nl[i + 1]; ++r) {
          const int64_t q = i * pm + pn[r];
          for (int64_t t = 0; t < k; ++t) po[q * k + t] = mv;
          // Known difference from Paddle: its CPU kernel writes this weight with stride K
          // (flat index q*K + t), which is only right for K == 1 and writes past the row
          // otherwise; we set the intended weight of [i, id].
          w[q] = 1.f;
        }
    }
  });
}

// ================================================================ mine_hard_examples
enum MheAttr { kMheRatio = 0, kMheNegDist = 1, kMheSampleSize = 2, kMheType = 3 };
enum MheIn { kMheCls = 0, kMheLoc = 1, kMheIdx = 2, kMheDist = 3 };

bool mhe_max_negative(const OpContext& c) {
  const std::string t = c.attr_str(kMheType);
  if (t == "max_negative") return true;
  if (t == "hard_example") return false;
  PD_THROW(PD_INVALID_ARGUMENT, "mine_hard_examples: mining_type '", t,
           "' is not supported; expected 'max_negative' or 'hard_example'");
}

void mhe_infer(OpContext& c) {
  const char* op = "mine_hard_examples";
  const Tensor& cls = c.in(kMheCls);
  expect_rank(op, "ClsLoss", cls, 2);
  const int64_t n = cls.dims[0], np = cls.dims[1];
  auto same = [&](const char* name, const Tensor& t) {
    if (t.ndim != 2 || t.dims[0] != n || t.dims[1] != np)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": input '", name, "' has shape ",
               shape_str(t.dims, t.ndim), " but ClsLoss has shape ", shape_str(cls.dims, 2),
               "; expected the same shape");
  };
  if (c.has(kMheLoc)) {
    same("LocLoss", c.in(kMheLoc));
    expect_dtype(op, "LocLoss", c.in(kMheLoc), cls.dtype);
  }
  same("MatchIndices", c.in(kMheIdx));
  expect_dtype(op, "MatchIndices", c.in(kMheIdx), DType::Int32);
  same("MatchDist", c.in(kMheDist));
  expect_dtype(op, "MatchDist", c.in(kMheDist), cls.dtype);
  if (mhe_max_negative(c)) {
    const double r = c.attr_float(kMheRatio), t = c.attr_float(kMheNegDist);
    if (!(r > 0))
      PD_THROW(PD_INVALID_ARGUMENT, op, ": neg_pos_ratio is ", r,
               "; expected neg_pos_ratio > 0 for mining_type 'max_negative'");
    if (!(t > 0 && t < 1))
      PD_THROW(PD_INVALID_ARGUMENT, op, ": neg_dist_threshold is ", t,
               "; expected 0 < neg_dist_threshold < 1 for mining_type 'max_negative'");
  } else if (c.attr_int(kMheSampleSize) <= 0) {
    PD_THROW(PD_INVALID_ARGUMENT, op, ": sample_size is ", c.attr_int(kMheSampleSize),
             "; expected sample_size > 0 for mining_type 'hard_example'");
  }
  c.out_meta.resize(2);
  c.out_meta[0].dtype = DType::Int32;
  c.out_meta[0].set_dims({0, 1});  // real row count is known after mining
  c.out_meta[1].dtype = DType::Int32;
  c.out_meta[1].set_dims({n, np});
}

void mhe_cpu(OpContext& c) {
  TensorRef cls = contiguous(c.in_ref(kMheCls));
  TensorRef loc = c.has(kMheLoc) ? contiguous(c.in_ref(kMheLoc)) : TensorRef();
  TensorRef mi = contiguous(c.in_ref(kMheIdx));
  TensorRef md = contiguous(c.in_ref(kMheDist));
  const int64_t n = cls->dims[0], np = cls->dims[1];
  const bool maxneg = mhe_max_negative(c);
  const double ratio = c.attr_float(kMheRatio), thr = c.attr_float(kMheNegDist);
  const int64_t sample = c.attr_int(kMheSampleSize);
  const int32_t* pmi = mi->data<int32_t>();
  TensorRef upd = empty_tensor(DType::Int32, {n, np});
  int32_t* pu = upd->data<int32_t>();
  if (n * np > 0) std::memcpy(pu, pmi, sizeof(int32_t) * (size_t)(n * np));
  std::vector<std::vector<int32_t>> negs((size_t)n);
  PD_DISPATCH_FLOATING(cls->dtype, "mine_hard_examples", {
    using T = scalar_t;
    const T* pc = cls->data<T>();
    const T* pl = loc && !maxneg ? loc->data<T>() : nullptr;
    const T* pdist = md->data<T>();
    parallel_for(n, 1, [&](int64_t b, int64_t e) {
      std::vector<std::pair<T, int32_t>> cand;
      std::vector<char> sel;
      for (int64_t i = b; i < e; ++i) {
        cand.clear();
        int64_t num_pos = 0;
        for (int64_t m = 0; m < np; ++m) {
          const int64_t q = i * np + m;
          if (pmi[q] != -1) ++num_pos;
          const bool eligible = maxneg ? (pmi[q] == -1 && (double)pdist[q] < thr) : true;
          if (!eligible) continue;
          T loss = pc[q];
          if (pl) loss += pl[q];
          cand.push_back({loss, (int32_t)m});
        }
        int64_t k = maxneg ? std::min<int64_t>((int64_t)((double)num_pos * ratio), (int64_t)cand.size())
                           : std::min<int64_t>(sample, (int64_t)cand.size());
        // Loss descending, ties -> lower prior index (Paddle's sort is unstable).
        std::stable_sort(cand.begin(), cand.end(),
                         [](const auto& a, const auto& x) { return a.first > x.first; });
        sel.assign((size_t)np, 0);
        for (int64_t t = 0; t < k; ++t) sel[(size_t)cand[(size_t)t].second] = 1;
        std::vector<int32_t>& out = negs[(size_t)i];
        for (int64_t m = 0; m < np; ++m) {
          const int64_t q = i * np + m;
          if (maxneg) {
            if (sel[(size_t)m]) out.push_back((int32_t)m);
          } else if (pmi[q] > -1) {
            if (!sel[(size_t)m]) pu[q] = -1;
          } else if (sel[(size_t)m]) {
            out.push_back((int32_t)m);
          }
        }
      }
    });
  });
  std::vector<int64_t> offs(1, 0);
  for (auto& v : negs) offs.push_back(offs.back() + (int64_t)v.size());
  TensorRef neg = empty_tensor(DType::Int32, {offs.back(), 1});
  int32_t* pn = neg->data<int32_t>();
  for (size_t i = 0; i < negs.size(); ++i)
    std::copy(negs[i].begin(), negs[i].end(), pn + offs[i]);
  neg->lod = {offs};
  c.outputs.clear();
  c.outputs.push_back(neg);
  c.outputs.push_back(upd);
}

// ================================================================ box_coder
enum BcAttr { kBcCodeType = 0, kBcNormalized = 1, kBcAxis = 2, kBcVariance = 3 };
enum BcIn { kBcPrior = 0, kBcPriorVar = 1, kBcTarget = 2 };

bool bc_encode(const OpContext& c) {
  const std::string t = c.attr_str(kBcCodeType);
  if (t == "encode_center_size") return true;
  if (t == "decode_center_size") return false;
  PD_THROW(PD_INVALID_ARGUMENT, "box_coder: code_type '", t,
           "' is not supported; expected 'encode_center_size' or 'decode_center_size'");
}

void bc_infer(OpContext& c) {
  const char* op = "box_coder";
  const Tensor& prior = c.in(kBcPrior);
  const Tensor& target = c.in(kBcTarget);
  expect_boxes(op, "PriorBox", prior);
  const int64_t m = prior.dims[0];
  const int64_t nvar = c.attrs[kBcVariance].count;
  if (c.has(kBcPriorVar)) {
    const Tensor& v = c.in(kBcPriorVar);
    if (v.ndim != 2 || v.dims[0] != m || v.dims[1] != 4)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": PriorBoxVar has shape ", shape_str(v.dims, v.ndim),
               " but PriorBox has shape ", shape_str(prior.dims, 2), "; expected [", m, ", 4]");
    if (nvar != 0)
      PD_THROW(PD_INVALID_ARGUMENT, op,
               ": both the PriorBoxVar input and the variance attribute are given; expected "
               "only one of them");
  } else if (nvar != 0 && nvar != 4) {
    PD_THROW(PD_INVALID_ARGUMENT, op, ": variance has ", nvar, " values; expected 4");
  }
  c.out_meta.resize(1);
  c.out_meta[0].dtype = prior.dtype;
  if (bc_encode(c)) {
    expect_boxes(op, "TargetBox", target);
    lod_offsets(op, "TargetBox", target, 1, false);
    c.out_meta[0].set_dims({target.dims[0], m, 4});
  } else {
    if (target.ndim != 3 || target.dims[2] != 4)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": TargetBox has shape ",
               shape_str(target.dims, target.ndim),
               "; expected rank 3 [R, C, 4] for decode_center_size");
    const int64_t axis = c.attr_int(kBcAxis);
    if (axis != 0 && axis != 1)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": axis is ", axis, "; expected 0 or 1");
    if (target.dims[axis == 0 ? 1 : 0] != m)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": TargetBox has shape ",
               shape_str(target.dims, 3), " but PriorBox has ", m, " boxes; expected dimension ",
               axis == 0 ? 1 : 0, " of TargetBox to be ", m, " when axis is ", axis);
    c.out_meta[0].set_dims(target.dims, 3);
  }
}

void bc_cpu(OpContext& c) {
  TensorRef prior = contiguous(c.in_ref(kBcPrior));
  TensorRef target = contiguous(c.in_ref(kBcTarget));
  TensorRef var = c.has(kBcPriorVar) ? contiguous(c.in_ref(kBcPriorVar)) : TensorRef();
  const bool encode = bc_encode(c);
  const int64_t axis = c.attr_int(kBcAxis);
  const std::vector<double> attr_var = c.attr_floats(kBcVariance);
  const int64_t m = prior->dims[0];
  Tensor& out = c.out(0);
  out.lod = (!encode && axis == 1) ? c.in(kBcPrior).lod : c.in(kBcTarget).lod;
  PD_DISPATCH_FLOATING(prior->dtype, "box_coder", {
    using T = scalar_t;
    const T* pp = prior->data<T>();
    const T* pt = target->data<T>();
    const T* pv = var ? var->data<T>() : nullptr;
    T* po = out.data<T>();
    const T off = c.attr_bool(kBcNormalized) ? T(0) : T(1);
    // A list variance is cast to the element type (Paddle's float64 decode reinterprets the
    // float list as doubles; we do the correct cast).
    T lv[4] = {T(1), T(1), T(1), T(1)};
    const bool has_list = attr_var.size() == 4;
    if (has_list)
      for (int k = 0; k < 4; ++k) lv[k] = (T)attr_var[(size_t)k];
    if (encode) {
      const int64_t t = target->dims[0];
      parallel_for(t, std::max<int64_t>(1, 2048 / std::max<int64_t>(m, 1)), [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i)
          for (int64_t j = 0; j < m; ++j) {
            const T* v = pv ? pv + j * 4 : (has_list ? lv : nullptr);
            ssd::encode_center_size(pp + j * 4, pt + i * 4, v, off, po + (i * m + j) * 4);
          }
      });
    } else {
      const int64_t r = target->dims[0], cc = target->dims[1];
      parallel_for(r * cc, 2048, [&](int64_t b, int64_t e) {
        for (int64_t q = b; q < e; ++q) {
          const int64_t p = axis == 0 ? q % cc : q / cc;
          const T* v = pv ? pv + p * 4 : lv;
          ssd::decode_center_size(pp + p * 4, pt + q * 4, v, off, po + q * 4);
        }
      });
    }
  });
}

// ================================================================ smooth_l1_loss
enum SlAttr { kSlSigma = 0 };
enum SlIn { kSlX = 0, kSlY = 1, kSlIw = 2, kSlOw = 3 };

void sl_check_weights(const char* op, const OpContext& c, int iw, int ow, const Tensor& x) {
  const bool hi = c.has(iw), ho = c.has(ow);
  if (hi != ho)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": only ", hi ? "InsideWeight" : "OutsideWeight",
             " is given; expected InsideWeight and OutsideWeight together or neither");
  for (int s : {iw, ow}) {
    if (!c.has(s)) continue;
    const Tensor& w = c.in(s);
    bool ok = w.ndim == x.ndim;
    for (int i = 0; ok && i < x.ndim; ++i) ok = w.dims[i] == x.dims[i];
    if (!ok)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": input '", c.def.inputs[(size_t)s].name, "' has shape ",
               shape_str(w.dims, w.ndim), " but X has shape ", shape_str(x.dims, x.ndim),
               "; expected the same shape");
  }
}

void sl_infer(OpContext& c) {
  const char* op = "smooth_l1_loss";
  const Tensor& x = c.in(kSlX);
  const Tensor& y = c.in(kSlY);
  if (x.ndim < 2)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": X has rank ", x.ndim, " (shape ",
             shape_str(x.dims, x.ndim), "); expected rank >= 2");
  bool ok = y.ndim == x.ndim;
  for (int i = 0; ok && i < x.ndim; ++i) ok = y.dims[i] == x.dims[i];
  if (!ok)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": Y has shape ", shape_str(y.dims, y.ndim),
             " but X has shape ", shape_str(x.dims, x.ndim), "; expected the same shape");
  sl_check_weights(op, c, kSlIw, kSlOw, x);
  c.out_meta.resize(2);
  c.out_meta[0] = x.meta();
  c.out_meta[1].dtype = x.dtype;
  c.out_meta[1].set_dims({x.dims[0], 1});
}

void sl_cpu(OpContext& c) {
  TensorRef x = contiguous(c.in_ref(kSlX));
  TensorRef y = contiguous(c.in_ref(kSlY));
  const bool w = c.has(kSlIw);
  TensorRef iw = w ? contiguous(c.in_ref(kSlIw)) : TensorRef();
  TensorRef ow = w ? contiguous(c.in_ref(kSlOw)) : TensorRef();
  const int64_t rows = x->dims[0], cols = rows ? x->numel() / rows : 0;
  PD_DISPATCH_FLOATING(x->dtype, "smooth_l1_loss", {
    using T = scalar_t;
    const T sg = (T)c.attr_float(kSlSigma);
    const T s2 = sg * sg;
    const T* px = x->data<T>();
    const T* py = y->data<T>();
    const T* pi = w ? iw->data<T>() : nullptr;
    const T* po = w ? ow->data<T>() : nullptr;
    T* diff = c.out(0).data<T>();
    T* out = c.out(1).data<T>();
    parallel_for(rows, std::max<int64_t>(1, 8192 / std::max<int64_t>(cols, 1)), [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) {
        T s = T(0);
        for (int64_t k = r * cols; k < (r + 1) * cols; ++k) {
          T d = px[k] - py[k];
          if (pi) d *= pi[k];
          diff[k] = d;
          T f = ssd::smooth_l1_value(d, s2);
          if (po) f *= po[k];
          s += f;
        }
        out[r] = s;
      }
    });
  });
}

// smooth_l1_loss_grad: InsideWeight?, OutsideWeight?, Diff, Out@GRAD -> X@GRAD (Y's is -X's).
enum SlgIn { kSlgIw = 0, kSlgOw = 1, kSlgDiff = 2, kSlgDout = 3 };

void slg_infer(OpContext& c) {
  const char* op = "smooth_l1_loss_grad";
  const Tensor& d = c.in(kSlgDiff);
  const Tensor& g = c.in(kSlgDout);
  if (d.ndim < 2)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": Diff has rank ", d.ndim, "; expected rank >= 2");
  if (g.ndim != 2 || g.dims[0] != d.dims[0] || g.dims[1] != 1)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": Out@GRAD has shape ", shape_str(g.dims, g.ndim),
             "; expected [", d.dims[0], ", 1]");
  sl_check_weights(op, c, kSlgIw, kSlgOw, d);
  c.out_meta.resize(1);
  c.out_meta[0] = d.meta();
}

void slg_cpu(OpContext& c) {
  TensorRef d = contiguous(c.in_ref(kSlgDiff));
  TensorRef g = contiguous(c.in_ref(kSlgDout));
  const bool w = c.has(kSlgIw);
  TensorRef iw = w ? contiguous(c.in_ref(kSlgIw)) : TensorRef();
  TensorRef ow = w ? contiguous(c.in_ref(kSlgOw)) : TensorRef();
  const int64_t rows = d->dims[0], cols = rows ? d->numel() / rows : 0;
  PD_DISPATCH_FLOATING(d->dtype, "smooth_l1_loss_grad", {
    using T = scalar_t;
    const T sg = (T)c.attr_float(kSlSigma);
    const T s2 = sg * sg;
    const T* pd_ = d->data<T>();
    const T* pg = g->data<T>();
    const T* pi = w ? iw->data<T>() : nullptr;
    const T* po = w ? ow->data<T>() : nullptr;
    T* dx = c.out(0).data<T>();
    parallel_for(rows * cols, kElementwiseGrain, [&](int64_t b, int64_t e) {
      for (int64_t k = b; k < e; ++k) {
        T v = pg[k / cols] * ssd::smooth_l1_deriv(pd_[k], s2);
        if (pi) v *= pi[k] * po[k];
        dx[k] = v;
      }
    });
  });
}

void sl_grad(GradContext& g) {
  if (!g.needs(kSlX) && !g.needs(kSlY)) return;
  TensorRef iw = g.has(kSlIw) ? g.in(kSlIw) : TensorRef();
  TensorRef ow = g.has(kSlOw) ? g.in(kSlOw) : TensorRef();
  static const OpDef* gop = OpRegistry::instance().find("smooth_l1_loss_grad");
  TensorRef dx = run_op(*gop, {{iw}, {ow}, {g.outputs[0]}, {g.dout(1)}},
                        {{"sigma", g.attr_float(kSlSigma)}})[0];
  if (g.needs(kSlX)) g.set_grad(kSlX, dx);
  if (g.needs(kSlY)) g.set_grad(kSlY, call("scale", {dx}, {{"scale", -1.0}}));
}

// ================================================================ prior_box
enum PbAttr {
  kPbMin = 0, kPbMax, kPbAr, kPbVar, kPbFlip, kPbClip, kPbStepW, kPbStepH, kPbOffset, kPbOrder
};

void check_feature_and_image(const char* op, const OpContext& c) {
  expect_rank(op, "Input", c.in(0), 4);
  expect_rank(op, "Image", c.in(1), 4);
  const Tensor& im = c.in(1);
  if (im.dims[2] <= 0 || im.dims[3] <= 0)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": Image has shape ", shape_str(im.dims, 4),
             "; expected a positive height and width");
}

void check_variances(const char* op, const std::vector<double>& v) {
  if (v.size() != 4)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": variances has ", v.size(), " values; expected 4");
  for (double x : v)
    if (!(x > 0))
      PD_THROW(PD_INVALID_ARGUMENT, op, ": variance ", x, " is not positive; expected > 0");
}

void check_steps(const char* op, const OpContext& c, int sw, int sh) {
  const double w = c.attr_float(sw), h = c.attr_float(sh);
  if (!(w >= 0) || !(h >= 0))
    PD_THROW(PD_INVALID_ARGUMENT, op, ": steps (", w, ", ", h,
             ") are negative; expected step_w >= 0 and step_h >= 0");
}

// Aspect ratios after de-duplication (within 1e-6) and flipping, starting with 1.
std::vector<double> expand_aspect_ratios(const std::vector<double>& in, bool flip) {
  std::vector<double> out{1.0};
  for (double ar : in) {
    bool dup = false;
    for (double e : out) dup = dup || std::fabs(ar - e) < 1e-6;
    if (dup) continue;
    out.push_back(ar);
    if (flip) out.push_back(1.0 / ar);
  }
  return out;
}

void pb_infer(OpContext& c) {
  const char* op = "prior_box";
  check_feature_and_image(op, c);
  const auto mins = c.attr_floats(kPbMin), maxs = c.attr_floats(kPbMax);
  const auto ars = c.attr_floats(kPbAr);
  if (mins.empty())
    PD_THROW(PD_INVALID_ARGUMENT, op, ": min_sizes is empty; expected at least one size");
  for (double s : mins)
    if (!(s > 0))
      PD_THROW(PD_INVALID_ARGUMENT, op, ": min_size ", s, " is not positive; expected > 0");
  if (!maxs.empty()) {
    if (maxs.size() != mins.size())
      PD_THROW(PD_INVALID_ARGUMENT, op, ": max_sizes has ", maxs.size(), " values but min_sizes has ",
               mins.size(), "; expected the same number");
    for (size_t i = 0; i < maxs.size(); ++i)
      if (!(maxs[i] > mins[i]))
        PD_THROW(PD_INVALID_ARGUMENT, op, ": max_size ", maxs[i], " is not greater than min_size ",
                 mins[i], "; expected max_sizes[i] > min_sizes[i]");
  }
  for (double a : ars)
    if (!(a > 0))
      PD_THROW(PD_INVALID_ARGUMENT, op, ": aspect ratio ", a, " is not positive; expected > 0");
  check_variances(op, c.attr_floats(kPbVar));
  check_steps(op, c, kPbStepW, kPbStepH);
  const int64_t np = (int64_t)(expand_aspect_ratios(ars, c.attr_bool(kPbFlip)).size() * mins.size() +
                               maxs.size());
  const Tensor& in = c.in(0);
  c.out_meta.resize(2);
  for (int k = 0; k < 2; ++k) {
    c.out_meta[k].dtype = in.dtype;
    c.out_meta[k].set_dims({in.dims[2], in.dims[3], np, 4});
  }
}

template <typename T>
void fill_variances(Tensor& out, const std::vector<double>& v) {
  T* p = out.data<T>();
  const int64_t n = out.numel() / 4;
  const T v0 = (T)v[0], v1 = (T)v[1], v2 = (T)v[2], v3 = (T)v[3];
  parallel_for(n, kElementwiseGrain / 4, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      p[i * 4] = v0; p[i * 4 + 1] = v1; p[i * 4 + 2] = v2; p[i * 4 + 3] = v3;
    }
  });
}

void pb_cpu(OpContext& c) {
  const Tensor& in = c.in(0);
  const Tensor& im = c.in(1);
  const auto mins = c.attr_floats(kPbMin), maxs = c.attr_floats(kPbMax);
  const auto ars = expand_aspect_ratios(c.attr_floats(kPbAr), c.attr_bool(kPbFlip));
  const bool clip = c.attr_bool(kPbClip), order = c.attr_bool(kPbOrder);
  const int64_t hf = in.dims[2], wf = in.dims[3], np = c.out(0).dims[2];
  PD_DISPATCH_FLOATING(in.dtype, "prior_box", {
    using T = scalar_t;
    const T hi = (T)im.dims[2], wi = (T)im.dims[3];
    T sw = (T)c.attr_float(kPbStepW), sh = (T)c.attr_float(kPbStepH);
    if (sw == T(0) || sh == T(0)) {
      sw = wi / (T)wf;
      sh = hi / (T)hf;
    }
    const T offset = (T)c.attr_float(kPbOffset);
    T* pb = c.out(0).data<T>();
    parallel_for(hf * wf, 64, [&](int64_t b, int64_t e) {
      for (int64_t cell = b; cell < e; ++cell) {
        const int64_t h = cell / wf, w = cell % wf;
        const T cx = ((T)w + offset) * sw, cy = ((T)h + offset) * sh;
        T* o = pb + cell * np * 4;
        auto emit = [&](T bw, T bh) {
          ssd::prior_box_corners(cx, cy, bw, bh, wi, hi, o);
          o += 4;
        };
        for (size_t s = 0; s < mins.size(); ++s) {
          const T mn = (T)mins[s];
          if (order) {
            emit(mn / T(2), mn / T(2));
            if (!maxs.empty()) {
              const T m2 = std::sqrt(mn * (T)maxs[s]) / T(2);
              emit(m2, m2);
            }
            for (double ar : ars) {
              if (std::fabs(ar - 1.0) < 1e-6) continue;
              const T r = std::sqrt((T)ar);
              emit(mn * r / T(2), mn / r / T(2));
            }
          } else {
            for (double ar : ars) {
              const T r = std::sqrt((T)ar);
              emit(mn * r / T(2), mn / r / T(2));
            }
            if (!maxs.empty()) {
              const T m2 = std::sqrt(mn * (T)maxs[s]) / T(2);
              emit(m2, m2);
            }
          }
        }
        if (clip)
          for (T* q = pb + cell * np * 4; q < o; ++q) *q = ssd::clamp01(*q);
      }
    });
    fill_variances<T>(c.out(1), c.attr_floats(kPbVar));
  });
}

// ================================================================ density_prior_box
enum DpbAttr {
  kDpbVar = 0, kDpbClip, kDpbFlatten, kDpbStepW, kDpbStepH, kDpbOffset, kDpbSizes, kDpbRatios,
  kDpbDensities
};

int64_t dpb_num_priors(const OpContext& c) {
  const auto dens = c.attr_ints(kDpbDensities);
  int64_t n = 0;
  for (int64_t d : dens) n += d * d;
  return n * (int64_t)c.attrs[kDpbRatios].count;
}

void dpb_infer(OpContext& c) {
  const char* op = "density_prior_box";
  check_feature_and_image(op, c);
  const auto sizes = c.attr_floats(kDpbSizes), ratios = c.attr_floats(kDpbRatios);
  const auto dens = c.attr_ints(kDpbDensities);
  if (sizes.size() != dens.size())
    PD_THROW(PD_INVALID_ARGUMENT, op, ": fixed_sizes has ", sizes.size(),
             " values but densities has ", dens.size(), "; expected the same number");
  for (double s : sizes)
    if (!(s > 0))
      PD_THROW(PD_INVALID_ARGUMENT, op, ": fixed_size ", s, " is not positive; expected > 0");
  for (double r : ratios)
    if (!(r > 0))
      PD_THROW(PD_INVALID_ARGUMENT, op, ": fixed_ratio ", r, " is not positive; expected > 0");
  for (int64_t d : dens)
    if (d <= 0 || d > 1024)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": density ", d, " is out of range; expected 0 < density <= 1024");
  check_variances(op, c.attr_floats(kDpbVar));
  check_steps(op, c, kDpbStepW, kDpbStepH);
  const Tensor& in = c.in(0);
  const int64_t np = dpb_num_priors(c);
  c.out_meta.resize(2);
  for (int k = 0; k < 2; ++k) {
    c.out_meta[k].dtype = in.dtype;
    if (c.attr_bool(kDpbFlatten))
      c.out_meta[k].set_dims({in.dims[2] * in.dims[3] * np, 4});
    else
      c.out_meta[k].set_dims({in.dims[2], in.dims[3], np, 4});
  }
}

void dpb_cpu(OpContext& c) {
  const Tensor& in = c.in(0);
  const Tensor& im = c.in(1);
  const auto sizes = c.attr_floats(kDpbSizes), ratios = c.attr_floats(kDpbRatios);
  const auto dens = c.attr_ints(kDpbDensities);
  const bool clip = c.attr_bool(kDpbClip);
  const int64_t hf = in.dims[2], wf = in.dims[3], np = dpb_num_priors(c);
  PD_DISPATCH_FLOATING(in.dtype, "density_prior_box", {
    using T = scalar_t;
    const T hi = (T)im.dims[2], wi = (T)im.dims[3];
    T sw = (T)c.attr_float(kDpbStepW), sh = (T)c.attr_float(kDpbStepH);
    if (sw == T(0) || sh == T(0)) {
      sw = wi / (T)wf;
      sh = hi / (T)hf;
    }
    const int64_t step_avg = (int64_t)((sw + sh) * T(0.5));
    const T offset = (T)c.attr_float(kDpbOffset);
    T* pb = c.out(0).data<T>();
    parallel_for(hf * wf, 64, [&](int64_t b, int64_t e) {
      for (int64_t cell = b; cell < e; ++cell) {
        const int64_t h = cell / wf, w = cell % wf;
        const T cx = ((T)w + offset) * sw, cy = ((T)h + offset) * sh;
        T* o = pb + cell * np * 4;
        for (size_t s = 0; s < sizes.size(); ++s) {
          const int64_t d = dens[s];
          const int64_t shift = step_avg / d;
          for (double r : ratios) {
            const T bw = (T)sizes[s] * std::sqrt((T)r), bh = (T)sizes[s] / std::sqrt((T)r);
            const T dcx = cx - (T)step_avg / T(2) + (T)shift / T(2);
            const T dcy = cy - (T)step_avg / T(2) + (T)shift / T(2);
            for (int64_t di = 0; di < d; ++di)
              for (int64_t dj = 0; dj < d; ++dj) {
                const T x = dcx + (T)(dj * shift), y = dcy + (T)(di * shift);
                o[0] = std::max((x - bw / T(2)) / wi, T(0));
                o[1] = std::max((y - bh / T(2)) / hi, T(0));
                o[2] = std::min((x + bw / T(2)) / wi, T(1));
                o[3] = std::min((y + bh / T(2)) / hi, T(1));
                if (clip)
                  for (int k = 0; k < 4; ++k) o[k] = ssd::clamp01(o[k]);
                o += 4;
              }
          }
        }
      }
    });
    fill_variances<T>(c.out(1), c.attr_floats(kDpbVar));
  });
}

}  // namespace

PD_REGISTER_OP(iou_similarity)
    .input("X", false)
    .input("Y", false)
    .output("Out")
    .attr("box_normalized", true)
    .dtypes(kSsdFloat)
    .infer(iou_infer)
    .cpu(iou_cpu);

PD_REGISTER_OP(bipartite_match)
    .input("DistMat", false)
    .output("ColToRowMatchIndices")
    .output("ColToRowMatchDist")
    .attr("match_type", "bipartite")
    .attr("dist_threshold", 0.5)
    .dtypes(kSsdFloat)
    .infer(bm_infer)
    .cpu(bm_cpu);

PD_REGISTER_OP(target_assign)
    .input("X", false)
    .input("MatchIndices", false)
    .optional_input("NegIndices", false)
    .output("Out")
    .output("OutWeight")
    .attr("mismatch_value", (int64_t)0)
    .dtypes(kTaDTypes)
    .mixed_dtype_inputs()
    .infer(ta_infer)
    .cpu(ta_cpu);

PD_REGISTER_OP(mine_hard_examples)
    .input("ClsLoss", false)
    .optional_input("LocLoss", false)
    .input("MatchIndices", false)
    .input("MatchDist", false)
    .output("NegIndices")
    .output("UpdatedMatchIndices")
    .attr("neg_pos_ratio", 1.0)
    .attr("neg_dist_threshold", 0.5)
    .attr("sample_size", (int64_t)0)
    .attr("mining_type", "max_negative")
    .dtypes(kSsdFloat)
    .mixed_dtype_inputs()
    .view_outputs()
    .infer(mhe_infer)
    .cpu(mhe_cpu);

PD_REGISTER_OP(box_coder)
    .input("PriorBox", false)
    .optional_input("PriorBoxVar", false)
    .input("TargetBox", false)
    .output("OutputBox")
    .attr("code_type", "encode_center_size")
    .attr("box_normalized", true)
    .attr("axis", (int64_t)0)
    .attr("variance", std::vector<double>{})
    .dtypes(kSsdFloat)
    .infer(bc_infer)
    .cpu(bc_cpu);

PD_REGISTER_OP(smooth_l1_loss)
    .input("X")
    .input("Y")
    .optional_input("InsideWeight", false)
    .optional_input("OutsideWeight", false)
    .intermediate_output("Diff")
    .output("Out")
    .attr("sigma", 1.0)
    .dtypes(kSsdFloat)
    .infer(sl_infer)
    .cpu(sl_cpu)
    .grad(sl_grad);

PD_REGISTER_OP(smooth_l1_loss_grad)
    .optional_input("InsideWeight", false)
    .optional_input("OutsideWeight", false)
    .input("Diff", false)
    .input("Out@GRAD", false)
    .output("X@GRAD")
    .attr("sigma", 1.0)
    .dtype_from(2)
    .dtypes(kSsdFloat)
    .infer(slg_infer)
    .cpu(slg_cpu);

PD_REGISTER_OP(prior_box)
    .input("Input", false)
    .input("Image", false)
    .output("Boxes")
    .output("Variances")
    .attr("min_sizes", std::vector<double>{})
    .attr("max_sizes", std::vector<double>{})
    .attr("aspect_ratios", std::vector<double>{1.0})
    .attr("variances", std::vector<double>{0.1, 0.1, 0.2, 0.2})
    .attr("flip", true)
    .attr("clip", true)
    .attr("step_w", 0.0)
    .attr("step_h", 0.0)
    .attr("offset", 0.5)
    .attr("min_max_aspect_ratios_order", false)
    .dtypes(kSsdFloat)
    .mixed_dtype_inputs()
    .infer(pb_infer)
    .cpu(pb_cpu);

PD_REGISTER_OP(density_prior_box)
    .input("Input", false)
    .input("Image", false)
    .output("Boxes")
    .output("Variances")
    .attr("variances", std::vector<double>{0.1, 0.1, 0.2, 0.2})
    .attr("clip", true)
    .attr("flatten_to_2d", false)
    .attr("step_w", 0.0)
    .attr("step_h", 0.0)
    .attr("offset", 0.5)
    .attr("fixed_sizes", std::vector<double>{})
    .attr("fixed_ratios", std::vector<double>{})
    .attr("densities", std::vector<int64_t>{})
    .dtypes(kSsdFloat)
    .mixed_dtype_inputs()
    .infer(dpb_infer)
    .cpu(dpb_cpu);

}  // namespace pd
