// NMS family: multiclass_nms (v1/v2/v3), matrix_nms, locality_aware_nms. Spec:
// /work/shared/specs/detection.md sections 3.1-3.5. CPU loops parallel over (image, class)
// tasks, then over images for keep_top_k and the output write. No gradients (outputs are
// constants, as in Paddle).
#include <algorithm>
#include <cstring>
#include <numeric>
#include <utility>
#include <vector>

#include "framework/op_registry.h"
#include "kernels/common/parallel.h"
#include "kernels/detection/nms_kernel.h"

namespace pd {
namespace {

// ---- shared validation ----

// Validates a level-1 LoD (offsets) against `rows`; returns the offsets.
std::vector<int64_t> checked_lod(const char* op, const char* name, const Tensor& t) {
  const std::vector<int64_t>& lod = t.lod.back();
  if (lod.empty() || lod[0] != 0)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": the LoD of ", name, " must start at 0; got ",
             shape_str(lod));
  for (size_t i = 1; i < lod.size(); ++i)
    if (lod[i] < lod[i - 1])
      PD_THROW(PD_INVALID_ARGUMENT, op, ": the LoD of ", name, " ", shape_str(lod),
               " is decreasing at position ", i, "; expected non-decreasing offsets");
  if (lod.back() != t.dims[0])
    PD_THROW(PD_INVALID_ARGUMENT, op, ": the LoD of ", name, " ", shape_str(lod), " ends at ",
             lod.back(), " but ", name, " has ", t.dims[0], " rows; expected the LoD to end at ",
             t.dims[0]);
  return lod;
}

// How images/boxes are laid out for one NMS call.
struct NmsLayout {
  bool lod_layout = false;  // layout B: BBoxes [M, C, 4] + Scores [M, C]
  int64_t N = 0, C = 0, M = 0;   // M: boxes per image (layout A) / total rows (layout B)
  std::vector<int64_t> offsets;  // layout B: N+1 image offsets into the M rows
};

NmsLayout nms_layout(const OpContext& c, const char* op, const TensorRef* rois_num,
                     bool allow_lod) {
  const Tensor& b = c.in(0);
  const Tensor& s = c.in(1);
  if (s.dtype != b.dtype)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": Scores has dtype ", dtype_name(s.dtype),
             " but BBoxes has dtype ", dtype_name(b.dtype), "; expected the same dtype");
  NmsLayout L;
  if (s.ndim == 3) {
    if (b.ndim != 3)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": BBoxes must have rank 3 ([N, M, 4]) when Scores has "
               "rank 3 ([N, C, M]); got BBoxes of shape ", shape_str(b.dims, b.ndim));
    if (b.dims[2] != 4)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": BBoxes of shape ", shape_str(b.dims, b.ndim),
               " has box size ", b.dims[2], "; only 4 ([xmin, ymin, xmax, ymax]) is supported");
    if (b.dims[0] != s.dims[0])
      PD_THROW(PD_INVALID_ARGUMENT, op, ": BBoxes of shape ", shape_str(b.dims, b.ndim),
               " and Scores of shape ", shape_str(s.dims, s.ndim),
               " have different batch sizes; expected equal dim 0");
    if (b.dims[1] != s.dims[2])
      PD_THROW(PD_INVALID_ARGUMENT, op, ": BBoxes of shape ", shape_str(b.dims, b.ndim),
               " has ", b.dims[1], " boxes per image but Scores of shape ",
               shape_str(s.dims, s.ndim), " has ", s.dims[2],
               "; expected BBoxes.dims[1] == Scores.dims[2]");
    L.N = s.dims[0];
    L.C = s.dims[1];
    L.M = s.dims[2];
  } else if (s.ndim == 2) {
    if (!allow_lod)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": Scores must have rank 3 ([N, C, M]); got shape ",
               shape_str(s.dims, s.ndim));
    if (b.ndim != 3)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": BBoxes must have rank 3 ([M, C, 4]) when Scores has "
               "rank 2 ([M, C]); got BBoxes of shape ", shape_str(b.dims, b.ndim));
    if (b.dims[2] != 4)
      PD_THROW(PD_INVALID_ARGUMENT, op, ": BBoxes of shape ", shape_str(b.dims, b.ndim),
               " has box size ", b.dims[2], "; expected 4 in the LoD layout");
    if (b.dims[1] != s.dims[1])
      PD_THROW(PD_INVALID_ARGUMENT, op, ": BBoxes of shape ", shape_str(b.dims, b.ndim),
               " has ", b.dims[1], " classes but Scores of shape ", shape_str(s.dims, s.ndim),
               " has ", s.dims[1], "; expected BBoxes.dims[1] == Scores.dims[1]");
    if (b.dims[0] != s.dims[0])
      PD_THROW(PD_INVALID_ARGUMENT, op, ": BBoxes of shape ", shape_str(b.dims, b.ndim),
               " has ", b.dims[0], " rows but Scores of shape ", shape_str(s.dims, s.ndim),
               " has ", s.dims[0], "; expected BBoxes.dims[0] == Scores.dims[0]");
    L.lod_layout = true;
    L.C = s.dims[1];
    L.M = s.dims[0];
    if (rois_num) {
      const Tensor& r = **rois_num;
      if (r.dtype != DType::Int32)
        PD_THROW(PD_INVALID_ARGUMENT, op, ": RoisNum has dtype ", dtype_name(r.dtype),
                 ", expected int32");
      if (r.ndim != 1)
        PD_THROW(PD_INVALID_ARGUMENT, op, ": RoisNum must have rank 1 ([N]); got shape ",
                 shape_str(r.dims, r.ndim));
      TensorRef rc = contiguous(*rois_num);
      const int32_t* p = rc->data<int32_t>();
      L.offsets.assign(1, 0);
      for (int64_t i = 0; i < r.dims[0]; ++i) {
        if (p[i] < 0)
          PD_THROW(PD_INVALID_ARGUMENT, op, ": RoisNum[", i, "] is ", p[i],
                   "; expected a non-negative box count");
        L.offsets.push_back(L.offsets.back() + p[i]);
      }
      if (L.offsets.back() != L.M)
        PD_THROW(PD_INVALID_ARGUMENT, op, ": RoisNum adds up to ", L.offsets.back(),
                 " boxes but BBoxes has ", L.M, " rows; expected equal");
    } else {
      if (b.lod.empty())
        PD_THROW(PD_INVALID_ARGUMENT, op, ": BBoxes of shape ", shape_str(b.dims, b.ndim),
                 " (LoD layout) has no LoD; expected a level-1 LoD giving the boxes of each "
                 "image");
      L.offsets = checked_lod(op, "BBoxes", b);
    }
    L.N = (int64_t)L.offsets.size() - 1;
  } else {
    PD_THROW(PD_INVALID_ARGUMENT, op, ": Scores must have rank 3 ([N, C, M]) or rank 2 ([M, C], "
             "LoD layout); got shape ", shape_str(s.dims, s.ndim));
  }
  if (L.M > INT32_MAX)
    PD_THROW(PD_INVALID_ARGUMENT, op, ": ", L.M, " boxes is more than the supported 2^31-1");
  return L;
}

// Greedy NMS ("NMSFast") over one (image, class): boxes at `bx + i*bstride`, scores at
// `sc[i*sstride]`, i < m. Fills `keep` with kept indices in keep (score-descending) order.
template <typename T>
void nms_fast(const T* bx, int64_t bstride, const T* sc, int64_t sstride, int64_t m, T score_thr,
              int64_t top_k, T nms_thr, T eta, bool normalized,
              std::vector<std::pair<T, int32_t>>& cand, std::vector<int32_t>& keep) {
  cand.clear();
  keep.clear();
  for (int64_t i = 0; i < m; ++i) {
    const T v = sc[i * sstride];
    if (v > score_thr) cand.emplace_back(v, (int32_t)i);
  }
  // Score descending, ties by lower index: a strict total order equal to a stable sort of the
  // index-ordered candidates, so a partial sort suffices when only top_k are needed.
  auto before = [](const std::pair<T, int32_t>& a, const std::pair<T, int32_t>& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  };
  if (top_k > -1 && top_k < (int64_t)cand.size()) {
    std::partial_sort(cand.begin(), cand.begin() + top_k, cand.end(), before);
    cand.resize((size_t)top_k);
  } else {
    std::sort(cand.begin(), cand.end(), before);
  }
  T thr = nms_thr;
  for (const auto& p : cand) {
    const T* box = bx + p.second * bstride;
    bool ok = true;
    for (int32_t k : keep) {
      if (!nmsk::nms_keep(jaccard_overlap(box, bx + k * bstride, normalized), thr)) {
        ok = false;
        break;
      }
    }
    if (ok) {
      keep.push_back(p.second);
      thr = nmsk::nms_adapt(thr, eta);
    }
  }
}

// keep_top_k over one image's per-class lists sel[0..C): gathers (score, class, idx) in class
// order, stable-sorts by score (as float32, like Paddle), keeps the first k and rebuilds the
// lists in that order (then index-ascending when `sort_idx`).
template <typename ScoreFn>
void keep_top_k_image(std::vector<int32_t>* sel, int64_t C, int64_t keep_top_k, bool sort_idx,
                      const ScoreFn& score_of) {
  if (keep_top_k <= -1) return;
  size_t total = 0;
  for (int64_t c = 0; c < C; ++c) total += sel[c].size();
  if ((int64_t)total <= keep_top_k) return;
  struct Item { float s; int32_t c; int32_t i; };
  std::vector<Item> all;
  all.reserve(total);
  for (int64_t c = 0; c < C; ++c)
    for (int32_t i : sel[c]) all.push_back({(float)score_of(c, i), (int32_t)c, i});
  std::stable_sort(all.begin(), all.end(), [](const Item& a, const Item& b) { return a.s > b.s; });
  all.resize((size_t)keep_top_k);
  for (int64_t c = 0; c < C; ++c) sel[c].clear();
  for (const Item& it : all) sel[it.c].push_back(it.i);
  if (sort_idx)
    for (int64_t c = 0; c < C; ++c) std::sort(sel[c].begin(), sel[c].end());
}

// ---- multiclass_nms / multiclass_nms2 / multiclass_nms3 ----
enum NmsAttr {
  kNmsBackground = 0, kNmsScoreThr, kNmsTopK, kNmsThr, kNmsEta, kNmsKeepTopK, kNmsNormalized
};
enum NmsIn { kInBoxes = 0, kInScores = 1, kInRoisNum = 2 };

template <int V>
const char* nms_name() {
  return V == 1 ? "multiclass_nms" : V == 2 ? "multiclass_nms2" : "multiclass_nms3";
}

void check_nms_attrs(const OpContext& c, const char* op) {
  const double eta = c.attr_float(kNmsEta);
  if (!(eta > 0))
    PD_THROW(PD_INVALID_ARGUMENT, op, ": nms_eta is ", eta, "; expected nms_eta > 0");
}

template <int V>
void multiclass_nms_infer(OpContext& c) {
  const char* op = nms_name<V>();
  check_nms_attrs(c, op);
  const TensorRef* rn = (V == 3 && c.has(kInRoisNum)) ? &c.in_ref(kInRoisNum) : nullptr;
  NmsLayout L = nms_layout(c, op, rn, true);
  c.out_meta.resize(V == 1 ? 1 : V == 2 ? 2 : 3);
  const DType dt = c.in(kInBoxes).dtype;
  c.out_meta[0].dtype = dt;
  c.out_meta[0].set_dims({0, 6});  // real row count is known only after NMS
  if (V >= 2) {
    c.out_meta[1].dtype = DType::Int32;
    c.out_meta[1].set_dims({0, 1});
  }
  if (V == 3) {
    c.out_meta[2].dtype = DType::Int32;
    c.out_meta[2].set_dims({L.N});
  }
}

template <typename T, int V>
void multiclass_nms_run(OpContext& c, const NmsLayout& L) {
  TensorRef bref = contiguous(c.in_ref(kInBoxes));
  TensorRef sref = contiguous(c.in_ref(kInScores));
  const T* boxes = bref->data<T>();
  const T* scores = sref->data<T>();
  const int64_t N = L.N, C = L.C, M = L.M;
  const int64_t background = c.attr_int(kNmsBackground);
  const T score_thr = (T)c.attr_float(kNmsScoreThr);
  const int64_t top_k = c.attr_int(kNmsTopK);
  const T nms_thr = (T)c.attr_float(kNmsThr);
  const T eta = (T)c.attr_float(kNmsEta);
  const int64_t keep_top_k = c.attr_int(kNmsKeepTopK);
  const bool normalized = c.attr_bool(kNmsNormalized);
  const bool B = L.lod_layout;

  // Per (image, class) selected box indices (relative to the image).
  std::vector<std::vector<int32_t>> sel((size_t)(N * C));
  parallel_for(N * C, 1, [&](int64_t b, int64_t e) {
    std::vector<std::pair<T, int32_t>> cand;
    cand.reserve(B ? 64 : (size_t)M);
    for (int64_t t = b; t < e; ++t) {
      const int64_t n = t / C, cl = t % C;
      if (cl == background) continue;
      if (!B) {
        nms_fast<T>(boxes + n * M * 4, 4, scores + (n * C + cl) * M, 1, M, score_thr, top_k,
                    nms_thr, eta, normalized, cand, sel[t]);
      } else {
        const int64_t off = L.offsets[n], m = L.offsets[n + 1] - off;
        nms_fast<T>(boxes + (off * C + cl) * 4, C * 4, scores + off * C + cl, C, m, score_thr,
                    top_k, nms_thr, eta, normalized, cand, sel[t]);
        std::sort(sel[t].begin(), sel[t].end());
      }
    }
  });
  auto score_at = [&](int64_t n, int64_t cl, int32_t i) -> T {
    return B ? scores[(L.offsets[n] + i) * C + cl] : scores[(n * C + cl) * M + i];
  };
  std::vector<int64_t> counts((size_t)N, 0);
  parallel_for(N, 1, [&](int64_t b, int64_t e) {
    for (int64_t n = b; n < e; ++n) {
      keep_top_k_image(&sel[n * C], C, keep_top_k, B,
                       [&](int64_t cl, int32_t i) { return score_at(n, cl, i); });
      int64_t k = 0;
      for (int64_t cl = 0; cl < C; ++cl) k += (int64_t)sel[n * C + cl].size();
      counts[n] = k;
    }
  });
  std::vector<int64_t> lod(1, 0);
  for (int64_t n = 0; n < N; ++n) lod.push_back(lod.back() + counts[n]);
  const int64_t total = lod.back();

  c.outputs.clear();
  if (total == 0 && V == 1) {
    // Paddle v1: nothing detected in the whole batch -> [[-1]] with LoD [0, 1].
    TensorRef out = empty_tensor(c.in(kInBoxes).dtype, {1, 1});
    out->data<T>()[0] = T(-1);
    out->lod = {{0, 1}};
    c.outputs.push_back(out);
    return;
  }
  TensorRef out = empty_tensor(c.in(kInBoxes).dtype, {total, 6});
  TensorRef index;
  if (V >= 2) index = empty_tensor(DType::Int32, {total, 1});
  T* po = out->data<T>();
  int32_t* pi = index ? index->data<int32_t>() : nullptr;
  parallel_for(N, 1, [&](int64_t b, int64_t e) {
    for (int64_t n = b; n < e; ++n) {
      int64_t row = lod[n];
      for (int64_t cl = 0; cl < C; ++cl) {
        for (int32_t i : sel[n * C + cl]) {
          T* r = po + row * 6;
          r[0] = (T)cl;
          r[1] = score_at(n, cl, i);
          const T* box = B ? boxes + ((L.offsets[n] + i) * C + cl) * 4 : boxes + (n * M + i) * 4;
          r[2] = box[0]; r[3] = box[1]; r[4] = box[2]; r[5] = box[3];
          if (pi) pi[row] = B ? (int32_t)((L.offsets[n] + i) * C + cl) : (int32_t)(n * M + i);
          ++row;
        }
      }
    }
  });
  out->lod = {lod};
  c.outputs.push_back(out);
  if (V >= 2) {
    index->lod = {lod};
    c.outputs.push_back(index);
  }
  if (V == 3) {
    TensorRef rn = empty_tensor(DType::Int32, {N});
    for (int64_t n = 0; n < N; ++n) rn->data<int32_t>()[n] = (int32_t)counts[n];
    c.outputs.push_back(rn);
  }
}

template <int V>
void multiclass_nms_cpu(OpContext& c) {
  const TensorRef* rn = (V == 3 && c.has(kInRoisNum)) ? &c.in_ref(kInRoisNum) : nullptr;
  NmsLayout L = nms_layout(c, nms_name<V>(), rn, true);
  PD_DISPATCH_FLOATING(c.in(kInBoxes).dtype, nms_name<V>(),
                       { multiclass_nms_run<scalar_t, V>(c, L); });
}

// ---- matrix_nms ----
enum MatrixNmsAttr {
  kMxBackground = 0, kMxScoreThr, kMxPostThr, kMxTopK, kMxKeepTopK, kMxNormalized, kMxGaussian,
  kMxSigma
};

void matrix_nms_infer(OpContext& c) {
  NmsLayout L = nms_layout(c, "matrix_nms", nullptr, false);
  c.out_meta.resize(3);
  c.out_meta[0].dtype = c.in(0).dtype;
  c.out_meta[0].set_dims({0, 6});
  c.out_meta[1].dtype = DType::Int32;
  c.out_meta[1].set_dims({0, 1});
  c.out_meta[2].dtype = DType::Int32;
  c.out_meta[2].set_dims({L.N});
}

template <typename T>
void matrix_nms_run(OpContext& c, const NmsLayout& L) {
  TensorRef bref = contiguous(c.in_ref(0));
  TensorRef sref = contiguous(c.in_ref(1));
  const T* boxes = bref->data<T>();
  const T* scores = sref->data<T>();
  const int64_t N = L.N, C = L.C, M = L.M;
  const int64_t background = c.attr_int(kMxBackground);
  const T score_thr = (T)c.attr_float(kMxScoreThr);
  const T post_thr = (T)c.attr_float(kMxPostThr);
  const int64_t top_k = c.attr_int(kMxTopK);
  const int64_t keep_top_k = c.attr_int(kMxKeepTopK);
  const bool normalized = c.attr_bool(kMxNormalized);
  const bool gaussian = c.attr_bool(kMxGaussian);
  const T sigma = (T)c.attr_float(kMxSigma);

  struct Det { T s; int32_t c; int32_t i; };
  std::vector<std::vector<Det>> per_image((size_t)N);
  // Per (image, class) decayed detections, class-ordered within an image.
  std::vector<std::vector<Det>> sel((size_t)(N * C));
  parallel_for(N * C, 1, [&](int64_t b, int64_t e) {
    std::vector<std::pair<T, int32_t>> cand;
    std::vector<T> iou, cmax;
    for (int64_t t = b; t < e; ++t) {
      const int64_t n = t / C, cl = t % C;
      if (cl == background) continue;
      const T* sc = scores + (n * C + cl) * M;
      const T* bx = boxes + n * M * 4;
      cand.clear();
      for (int64_t i = 0; i < M; ++i)
        if (sc[i] > score_thr) cand.emplace_back(sc[i], (int32_t)i);
      std::stable_sort(cand.begin(), cand.end(),
                       [](const std::pair<T, int32_t>& a, const std::pair<T, int32_t>& b) {
                         return a.first > b.first;
                       });
      if (top_k > -1 && top_k < (int64_t)cand.size()) cand.resize((size_t)top_k);
      const size_t k = cand.size();
      if (k == 0) continue;
      iou.assign(k * (k - 1) / 2, T(0));
      cmax.assign(k, T(0));
      for (size_t i = 1; i < k; ++i) {
        T mx = T(0);
        for (size_t j = 0; j < i; ++j) {
          const T v = jaccard_overlap(bx + cand[i].second * 4, bx + cand[j].second * 4,
                                      normalized);
          iou[i * (i - 1) / 2 + j] = v;
          mx = v > mx ? v : mx;
        }
        cmax[i] = mx;
      }
      auto& out = sel[t];
      if (cand[0].first > post_thr) out.push_back({cand[0].first, (int32_t)cl, cand[0].second});
      for (size_t i = 1; i < k; ++i) {
        T decay = T(1);
        for (size_t j = 0; j < i; ++j) {
          const T d = nmsk::matrix_nms_decay(iou[i * (i - 1) / 2 + j], cmax[j], gaussian, sigma);
          decay = d < decay ? d : decay;
        }
        const T ds = decay * cand[i].first;
        if (ds <= post_thr) continue;
        out.push_back({ds, (int32_t)cl, cand[i].second});
      }
    }
  });
  std::vector<int64_t> counts((size_t)N, 0);
  parallel_for(N, 1, [&](int64_t b, int64_t e) {
    for (int64_t n = b; n < e; ++n) {
      auto& all = per_image[n];
      size_t total = 0;
      for (int64_t cl = 0; cl < C; ++cl) total += sel[n * C + cl].size();
      all.reserve(total);
      for (int64_t cl = 0; cl < C; ++cl)
        all.insert(all.end(), sel[n * C + cl].begin(), sel[n * C + cl].end());
      // Known difference from Paddle: Paddle orders the image's detections with an unstable
      // partial sort; we use a stable sort (ties keep class, then decayed-score order).
      std::stable_sort(all.begin(), all.end(), [](const Det& a, const Det& b) { return a.s > b.s; });
      if (keep_top_k > -1 && (int64_t)all.size() > keep_top_k) all.resize((size_t)keep_top_k);
      counts[n] = (int64_t)all.size();
    }
  });
  std::vector<int64_t> lod(1, 0);
  for (int64_t n = 0; n < N; ++n) lod.push_back(lod.back() + counts[n]);
  const int64_t total = lod.back();
  TensorRef out = empty_tensor(c.in(0).dtype, {total, 6});
  TensorRef index = empty_tensor(DType::Int32, {total, 1});
  TensorRef rn = empty_tensor(DType::Int32, {N});
  T* po = out->data<T>();
  int32_t* pi = index->data<int32_t>();
  parallel_for(N, 1, [&](int64_t b, int64_t e) {
    for (int64_t n = b; n < e; ++n) {
      int64_t row = lod[n];
      for (const Det& d : per_image[n]) {
        T* r = po + row * 6;
        const T* box = boxes + (n * M + d.i) * 4;
        r[0] = (T)d.c; r[1] = d.s;
        r[2] = box[0]; r[3] = box[1]; r[4] = box[2]; r[5] = box[3];
        pi[row] = (int32_t)(n * M + d.i);
        ++row;
      }
      rn->data<int32_t>()[n] = (int32_t)counts[n];
    }
  });
  out->lod = {lod};
  index->lod = {lod};
  c.outputs = {out, index, rn};
}

void matrix_nms_cpu(OpContext& c) {
  NmsLayout L = nms_layout(c, "matrix_nms", nullptr, false);
  PD_DISPATCH_FLOATING(c.in(0).dtype, "matrix_nms", { matrix_nms_run<scalar_t>(c, L); });
}

// ---- locality_aware_nms (attrs as multiclass_nms) ----

void locality_aware_nms_infer(OpContext& c) {
  check_nms_attrs(c, "locality_aware_nms");
  nms_layout(c, "locality_aware_nms", nullptr, false);
  c.out_meta.resize(1);
  c.out_meta[0].dtype = c.in(0).dtype;
  c.out_meta[0].set_dims({0, 6});
}

template <typename T>
void locality_aware_nms_run(OpContext& c, const NmsLayout& L) {
  TensorRef bref = contiguous(c.in_ref(0));
  TensorRef sref = contiguous(c.in_ref(1));
  const T* boxes = bref->data<T>();
  const T* scores = sref->data<T>();
  const int64_t N = L.N, C = L.C, M = L.M;
  const int64_t background = c.attr_int(kNmsBackground);
  const T score_thr = (T)c.attr_float(kNmsScoreThr);
  const int64_t top_k = c.attr_int(kNmsTopK);
  const T nms_thr = (T)c.attr_float(kNmsThr);
  const T eta = (T)c.attr_float(kNmsEta);
  const int64_t keep_top_k = c.attr_int(kNmsKeepTopK);
  const bool normalized = c.attr_bool(kNmsNormalized);

  // Merged boxes/scores per (image, class); rows of the output read from these.
  std::vector<std::vector<T>> mbox((size_t)(N * C)), mscore((size_t)(N * C));
  std::vector<std::vector<int32_t>> sel((size_t)(N * C));
  parallel_for(N * C, 1, [&](int64_t b, int64_t e) {
    std::vector<std::pair<T, int32_t>> cand;
    std::vector<int32_t> alive;
    for (int64_t t = b; t < e; ++t) {
      const int64_t n = t / C, cl = t % C;
      if (cl == background) continue;
      std::vector<T>& bx = mbox[t];
      std::vector<T>& sc = mscore[t];
      bx.assign(boxes + n * M * 4, boxes + (n + 1) * M * 4);
      sc.assign(scores + (n * C + cl) * M, scores + (n * C + cl + 1) * M);
      // One pass in input order: merge each box into the current anchor while they overlap.
      alive.clear();
      int64_t anchor = -1;
      for (int64_t i = 0; i < M; ++i) {
        if (anchor > -1 &&
            jaccard_overlap(&bx[i * 4], &bx[anchor * 4], normalized) > nms_thr) {
          nmsk::weighted_merge(&bx[i * 4], &bx[anchor * 4], sc[i], sc[anchor], 4);
          sc[anchor] += sc[i];
        } else {
          if (anchor > -1) alive.push_back((int32_t)anchor);
          anchor = i;
        }
      }
      if (anchor > -1) alive.push_back((int32_t)anchor);
      // Survivors become the candidate set: mask the merged-away boxes' scores.
      std::vector<T> masked(sc.size(), score_thr);
      for (int32_t i : alive) masked[i] = sc[i];
      nms_fast<T>(bx.data(), 4, masked.data(), 1, M, score_thr, top_k, nms_thr, eta, normalized,
                  cand, sel[t]);
    }
  });
  std::vector<int64_t> counts((size_t)N, 0);
  parallel_for(N, 1, [&](int64_t b, int64_t e) {
    for (int64_t n = b; n < e; ++n) {
      keep_top_k_image(&sel[n * C], C, keep_top_k, false,
                       [&](int64_t cl, int32_t i) { return mscore[n * C + cl][i]; });
      int64_t k = 0;
      for (int64_t cl = 0; cl < C; ++cl) k += (int64_t)sel[n * C + cl].size();
      counts[n] = k;
    }
  });
  std::vector<int64_t> lod(1, 0);
  for (int64_t n = 0; n < N; ++n) lod.push_back(lod.back() + counts[n]);
  const int64_t total = lod.back();
  if (total == 0) {
    TensorRef out = empty_tensor(c.in(0).dtype, {1, 1});
    out->data<T>()[0] = T(-1);
    out->lod = {{0, 1}};
    c.outputs = {out};
    return;
  }
  TensorRef out = empty_tensor(c.in(0).dtype, {total, 6});
  T* po = out->data<T>();
  parallel_for(N, 1, [&](int64_t b, int64_t e) {
    for (int64_t n = b; n < e; ++n) {
      int64_t row = lod[n];
      for (int64_t cl = 0; cl < C; ++cl) {
        const int64_t t = n * C + cl;
        for (int32_t i : sel[t]) {
          T* r = po + row * 6;
          r[0] = (T)cl;
          r[1] = mscore[t][i];
          std::memcpy(r + 2, &mbox[t][i * 4], 4 * sizeof(T));
          ++row;
        }
      }
    }
  });
  out->lod = {lod};
  c.outputs = {out};
}

void locality_aware_nms_cpu(OpContext& c) {
  NmsLayout L = nms_layout(c, "locality_aware_nms", nullptr, false);
  PD_DISPATCH_FLOATING(c.in(0).dtype, "locality_aware_nms",
                       { locality_aware_nms_run<scalar_t>(c, L); });
}

const std::vector<DType> kNmsDTypes = {DType::Float32, DType::Float64};

}  // namespace

PD_REGISTER_OP(multiclass_nms)
    .input("BBoxes", false).input("Scores", false)
    .output("Out")
    .attr("background_label", 0).attr("score_threshold", 0.0f).attr("nms_top_k", -1)
    .attr("nms_threshold", 0.3f).attr("nms_eta", 1.0f).attr("keep_top_k", -1)
    .attr("normalized", true)
    .dtypes(kNmsDTypes).view_outputs()
    .infer(multiclass_nms_infer<1>).cpu(multiclass_nms_cpu<1>);

PD_REGISTER_OP(multiclass_nms2)
    .input("BBoxes", false).input("Scores", false)
    .output("Out").output("Index")
    .attr("background_label", 0).attr("score_threshold", 0.0f).attr("nms_top_k", -1)
    .attr("nms_threshold", 0.3f).attr("nms_eta", 1.0f).attr("keep_top_k", -1)
    .attr("normalized", true)
    .dtypes(kNmsDTypes).view_outputs()
    .infer(multiclass_nms_infer<2>).cpu(multiclass_nms_cpu<2>);

PD_REGISTER_OP(multiclass_nms3)
    .input("BBoxes", false).input("Scores", false).optional_input("RoisNum", false)
    .output("Out").output("Index").output("NmsRoisNum")
    .attr("background_label", 0).attr("score_threshold", 0.0f).attr("nms_top_k", -1)
    .attr("nms_threshold", 0.3f).attr("nms_eta", 1.0f).attr("keep_top_k", -1)
    .attr("normalized", true)
    .dtypes(kNmsDTypes).mixed_dtype_inputs().view_outputs()
    .infer(multiclass_nms_infer<3>).cpu(multiclass_nms_cpu<3>);

PD_REGISTER_OP(matrix_nms)
    .input("BBoxes", false).input("Scores", false)
    .output("Out").output("Index").output("RoisNum")
    .attr("background_label", 0).attr("score_threshold", 0.0f).attr("post_threshold", 0.0f)
    .attr("nms_top_k", -1).attr("keep_top_k", -1).attr("normalized", true)
    .attr("use_gaussian", false).attr("gaussian_sigma", 2.0f)
    .dtypes(kNmsDTypes).view_outputs()
    .infer(matrix_nms_infer).cpu(matrix_nms_cpu);

PD_REGISTER_OP(locality_aware_nms)
    .input("BBoxes", false).input("Scores", false)
    .output("Out")
    .attr("background_label", -1).attr("score_threshold", 0.0f).attr("nms_top_k", -1)
    .attr("nms_threshold", 0.3f).attr("nms_eta", 1.0f).attr("keep_top_k", -1)
    .attr("normalized", true)
    .dtypes(kNmsDTypes).view_outputs()
    .infer(locality_aware_nms_infer).cpu(locality_aware_nms_cpu);

}  // namespace pd
