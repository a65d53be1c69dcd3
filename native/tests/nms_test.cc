// NMS family (multiclass_nms v1/v2/v3, matrix_nms, locality_aware_nms), yolo_box,
// anchor_generator, box_clip. Spec: /work/shared/specs/detection.md 3.1-3.5, 5.3, 5.4, 6.8.
#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "kernels/detection/bbox_util.h"
#include "test_util.h"

using namespace pd;
using namespace pd::test;

namespace {

using Attrs = std::vector<NamedAttr>;

Attrs nms_attrs(double score_thr, int64_t top_k, int64_t keep_top_k, double nms_thr = 0.3,
                bool normalized = true, double eta = 1.0, int64_t bg = 0) {
  return {{"background_label", bg}, {"score_threshold", score_thr}, {"nms_top_k", top_k},
          {"nms_threshold", nms_thr}, {"nms_eta", eta}, {"keep_top_k", keep_top_k},
          {"normalized", normalized}};
}

std::vector<TensorRef> run(const char* op, std::vector<std::vector<TensorRef>> in, const Attrs& a) {
  return run_op(*OpRegistry::instance().find(op), in, a);
}

// ---- straightforward reference of test_multiclass_nms_op.py (spec 6.8) ----
struct RefOut {
  std::vector<double> rows;  // flattened [k, 6]
  std::vector<int64_t> index;
  std::vector<int64_t> counts;
};

double ref_iou(const double* a, const double* b, bool norm) {
  double off = norm ? 0 : 1;
  double area_a = (a[2] - a[0] + off) * (a[3] - a[1] + off);
  double area_b = (b[2] - b[0] + off) * (b[3] - b[1] + off);
  double ix = std::min(a[2], b[2]) - std::max(a[0], b[0]) + off;
  double iy = std::min(a[3], b[3]) - std::max(a[1], b[1]) + off;
  if (ix <= 0 || iy <= 0) return 0;  // disjoint (strictly)
  double inter = ix * iy;
  return inter / (area_a + area_b - inter);
}

// boxes(m, c) -> pointer; score(m, c)
template <typename BoxF, typename ScoreF>
void ref_image(int64_t m, int64_t C, BoxF box, ScoreF score, double sthr, int64_t top_k,
               int64_t keep, double nthr, bool norm, double eta, int64_t bg, bool lod,
               std::vector<std::tuple<int64_t, double, int64_t>>& dets) {
  std::map<int64_t, std::vector<int64_t>> sel;
  for (int64_t c = 0; c < C; ++c) {
    if (c == bg) continue;
    std::vector<int64_t> cand;
    for (int64_t i = 0; i < m; ++i)
      if (score(i, c) > sthr) cand.push_back(i);
    std::stable_sort(cand.begin(), cand.end(),
                     [&](int64_t a, int64_t b) { return score(a, c) > score(b, c); });
    if (top_k > -1 && (int64_t)cand.size() > top_k) cand.resize(top_k);
    double thr = nthr;
    std::vector<int64_t> kept;
    for (int64_t i : cand) {
      bool ok = true;
      for (int64_t k : kept)
        if (ref_iou(box(i, c), box(k, c), norm) > thr) ok = false;
      if (ok) {
        kept.push_back(i);
        if (eta < 1 && thr > 0.5) thr *= eta;
      }
    }
    if (lod) std::sort(kept.begin(), kept.end());
    sel[c] = kept;
  }
  std::vector<std::tuple<float, int64_t, int64_t>> all;
  for (auto& [c, v] : sel)
    for (int64_t i : v) all.emplace_back((float)score(i, c), c, i);
  if (keep > -1 && (int64_t)all.size() > keep) {
    std::stable_sort(all.begin(), all.end(),
                     [](auto& a, auto& b) { return std::get<0>(a) > std::get<0>(b); });
    all.resize(keep);
    std::map<int64_t, std::vector<int64_t>> ns;
    for (auto& t : all) ns[std::get<1>(t)].push_back(std::get<2>(t));
    if (lod)
      for (auto& [c, v] : ns) std::sort(v.begin(), v.end());
    sel = ns;
  }
  for (auto& [c, v] : sel)
    for (int64_t i : v) dets.emplace_back(c, score(i, c), i);
}

RefOut ref_batched(const std::vector<double>& b, const std::vector<double>& s, int64_t N,
                   int64_t C, int64_t M, const Attrs&, double sthr, int64_t top_k, int64_t keep,
                   double nthr, bool norm, double eta = 1, int64_t bg = 0) {
  RefOut r;
  for (int64_t n = 0; n < N; ++n) {
    std::vector<std::tuple<int64_t, double, int64_t>> d;
    ref_image(
        M, C, [&](int64_t i, int64_t) { return &b[(n * M + i) * 4]; },
        [&](int64_t i, int64_t c) { return s[(n * C + c) * M + i]; }, sthr, top_k, keep, nthr,
        norm, eta, bg, false, d);
    for (auto& [c, sc, i] : d) {
      r.rows.insert(r.rows.end(), {(double)c, sc, b[(n * M + i) * 4], b[(n * M + i) * 4 + 1],
                                   b[(n * M + i) * 4 + 2], b[(n * M + i) * 4 + 3]});
      r.index.push_back(n * M + i);
    }
    r.counts.push_back((int64_t)d.size());
  }
  return r;
}

RefOut ref_lod(const std::vector<double>& b, const std::vector<double>& s,
               const std::vector<int64_t>& off, int64_t C, double sthr, int64_t top_k,
               int64_t keep, double nthr, bool norm) {
  RefOut r;
  for (size_t n = 0; n + 1 < off.size(); ++n) {
    std::vector<std::tuple<int64_t, double, int64_t>> d;
    const int64_t o = off[n];
    ref_image(
        off[n + 1] - o, C, [&](int64_t i, int64_t c) { return &b[((o + i) * C + c) * 4]; },
        [&](int64_t i, int64_t c) { return s[(o + i) * C + c]; }, sthr, top_k, keep, nthr, norm,
        1.0, 0, true, d);
    for (auto& [c, sc, i] : d) {
      const double* bx = &b[((o + i) * C + c) * 4];
      r.rows.insert(r.rows.end(), {(double)c, sc, bx[0], bx[1], bx[2], bx[3]});
      r.index.push_back((o + i) * C + c);
    }
    r.counts.push_back((int64_t)d.size());
  }
  return r;
}

// Inputs of TestMulticlassNMSOp: softmax scores [N, C, M], boxes x1,y1 in [0, .5), x2,y2 in [.5, 1).
void random_batched(int64_t N, int64_t C, int64_t M, unsigned seed, std::vector<float>& b,
                    std::vector<float>& s) {
  std::mt19937 g(seed);
  std::uniform_real_distribution<float> u(0, 1);
  b.resize(N * M * 4);
  s.resize(N * C * M);
  for (int64_t i = 0; i < N * M; ++i) {
    b[i * 4] = u(g) * 0.5f; b[i * 4 + 1] = u(g) * 0.5f;
    b[i * 4 + 2] = 0.5f + u(g) * 0.5f; b[i * 4 + 3] = 0.5f + u(g) * 0.5f;
  }
  for (int64_t n = 0; n < N; ++n)
    for (int64_t m = 0; m < M; ++m) {
      std::vector<float> l(C);
      float sum = 0;
      for (auto& v : l) { v = std::exp(u(g)); sum += v; }
      for (int64_t c = 0; c < C; ++c) s[(n * C + c) * M + m] = l[c] / sum;
    }
}

std::vector<double> to_d(const std::vector<float>& v) { return {v.begin(), v.end()}; }

void expect_lod(const TensorRef& t, const std::vector<int64_t>& lod) {
  ASSERT_EQ(t->lod.size(), 1u);
  EXPECT_EQ(t->lod[0], lod);
}
std::vector<int64_t> offsets(const std::vector<int64_t>& counts) {
  std::vector<int64_t> o{0};
  for (auto c : counts) o.push_back(o.back() + c);
  return o;
}

}  // namespace

// ---------------- multiclass_nms ----------------

TEST(NmsIou, SpecCase) {
  const float a[4] = {4, 3, 7, 5}, b[4] = {3, 4, 6, 8};
  EXPECT_NEAR(jaccard_overlap(a, b, true), 2.0 / 16.0, 1e-7);
}

TEST(MulticlassNms, HandComputedLayoutA) {
  // 1 image, 3 classes (0 = background), 4 boxes.
  auto boxes = make<float>({1, 4, 4}, {0, 0, 10, 10, 1, 1, 11, 11, 20, 20, 30, 30, 0, 0, 10, 9});
  auto scores = make<float>({1, 3, 4}, {0.9f, 0.9f, 0.9f, 0.9f,    // class 0 (background)
                                        0.8f, 0.9f, 0.1f, 0.7f,    // class 1
                                        0.05f, 0.3f, 0.6f, 0.2f}); // class 2
  auto out = run("multiclass_nms", {{boxes}, {scores}}, nms_attrs(0.15, -1, -1))[0];
  // class 1: order 1 (0.9), 0 (0.8, IoU with 1 = 81/119 > .3 -> drop), 3 (0.7, IoU with 1 =
  // 72/127=.567 drop), 2 below threshold. class 2: 2 (0.6), 1 (0.3), 3 (0.2, IoU with 1 .567 drop).
  expect_shape(out, {3, 6});
  expect_values(out, {1, 0.9, 1, 1, 11, 11, 2, 0.6, 20, 20, 30, 30, 2, 0.3, 1, 1, 11, 11}, 1e-6);
  expect_lod(out, {0, 3});
}

TEST(MulticlassNms, BackgroundMinusOneAndKeepTopK) {
  auto boxes = make<float>({1, 2, 4}, {0, 0, 1, 1, 2, 2, 3, 3});
  auto scores = make<float>({1, 2, 2}, {0.5f, 0.4f, 0.9f, 0.1f});
  auto out = run("multiclass_nms", {{boxes}, {scores}}, nms_attrs(0.0, -1, -1, 0.3, true, 1.0, -1))[0];
  expect_values(out, {0, 0.5, 0, 0, 1, 1, 0, 0.4, 2, 2, 3, 3, 1, 0.9, 0, 0, 1, 1,
                      1, 0.1, 2, 2, 3, 3});
  // keep_top_k 2: the two best are (1,0)=.9 and (0,0)=.5; still grouped by class.
  out = run("multiclass_nms", {{boxes}, {scores}}, nms_attrs(0.0, -1, 2, 0.3, true, 1.0, -1))[0];
  expect_values(out, {0, 0.5, 0, 0, 1, 1, 1, 0.9, 0, 0, 1, 1});
  expect_lod(out, {0, 2});
}

TEST(MulticlassNms, EtaDecay) {
  // box1 vs box0 IoU = 0.6 (x overlap 6 of union 10 -> [0,0,8,1] and [2,0,10,1]: inter 6, union 10).
  auto boxes = make<double>({1, 2, 4}, {0, 0, 8, 1, 2, 0, 10, 1});
  auto scores = make<double>({1, 2, 2}, {0, 0, 0.9, 0.8});
  auto keep_all = run("multiclass_nms", {{boxes}, {scores}}, nms_attrs(0.0, -1, -1, 0.7))[0];
  expect_shape(keep_all, {2, 6});  // 0.6 <= 0.7
  // eta 0.8: after the first kept box thr = 0.56 < 0.6 -> suppressed.
  auto decayed = run("multiclass_nms", {{boxes}, {scores}}, nms_attrs(0.0, -1, -1, 0.7, true, 0.8))[0];
  expect_values(decayed, {1, 0.9, 0, 0, 8, 1});
  // eta has no effect once thr <= 0.5.
  auto low = run("multiclass_nms", {{boxes}, {scores}}, nms_attrs(0.0, -1, -1, 0.5, true, 0.1))[0];
  expect_shape(low, {1, 6});
}

TEST(MulticlassNms, PlusOneConvention) {
  // Touching boxes: normalized IoU 0 -> both kept; pixel mode inter 1*2=2, areas 4 -> 1/3 > .3.
  auto boxes = make<float>({1, 2, 4}, {0, 0, 1, 1, 1, 0, 2, 1});
  auto scores = make<float>({1, 2, 2}, {0, 0, 0.9f, 0.8f});
  expect_shape(run("multiclass_nms", {{boxes}, {scores}}, nms_attrs(0.0, -1, -1, 0.3, true))[0], {2, 6});
  auto px = run("multiclass_nms", {{boxes}, {scores}}, nms_attrs(0.0, -1, -1, 0.3, false))[0];
  expect_values(px, {1, 0.9, 0, 0, 1, 1});
  // threshold 0.34 keeps both in pixel mode.
  expect_shape(run("multiclass_nms", {{boxes}, {scores}}, nms_attrs(0.0, -1, -1, 0.34, false))[0], {2, 6});
}

TEST(MulticlassNms, NothingSurvives) {
  std::vector<float> b, s;
  random_batched(3, 4, 10, 1, b, s);
  auto boxes = make<float>({3, 10, 4}, b);
  auto scores = make<float>({3, 4, 10}, s);
  auto v1 = run("multiclass_nms", {{boxes}, {scores}}, nms_attrs(2.0, 400, 200));
  expect_shape(v1[0], {1, 1});
  expect_values(v1[0], {-1});
  expect_lod(v1[0], {0, 1});
  auto v2 = run("multiclass_nms2", {{boxes}, {scores}}, nms_attrs(2.0, 400, 200));
  expect_shape(v2[0], {0, 6});
  expect_shape(v2[1], {0, 1});
  EXPECT_EQ(v2[1]->dtype, DType::Int32);
  expect_lod(v2[0], {0, 0, 0, 0});
  expect_lod(v2[1], {0, 0, 0, 0});
  auto v3 = run("multiclass_nms3", {{boxes}, {scores}, {}}, nms_attrs(2.0, 400, 200));
  expect_shape(v3[0], {0, 6});
  expect_values(v3[2], {0, 0, 0});
}

TEST(MulticlassNms, EmptyBatch) {
  auto boxes = make<float>({0, 5, 4}, {});
  auto scores = make<float>({0, 3, 5}, {});
  auto v1 = run("multiclass_nms", {{boxes}, {scores}}, nms_attrs(0.0, -1, -1))[0];
  expect_values(v1, {-1});
  expect_lod(v1, {0, 1});
  auto v3 = run("multiclass_nms3", {{boxes}, {scores}, {}}, nms_attrs(0.0, -1, -1));
  expect_shape(v3[0], {0, 6});
  expect_lod(v3[0], {0});
  expect_shape(v3[2], {0});
}

TEST(MulticlassNms, SpecRandomLayoutA) {
  // TestMulticlassNMSOp: N=7, M=1200, C=21, threshold .01, top_k 400, keep 200, normalized.
  const int64_t N = 7, C = 21, M = 1200;
  std::vector<float> b, s;
  random_batched(N, C, M, 7, b, s);
  auto boxes = make<float>({N, M, 4}, b);
  auto scores = make<float>({N, C, M}, s);
  RefOut ref = ref_batched(to_d(b), to_d(s), N, C, M, {}, 0.01, 400, 200, 0.3, true);
  auto v1 = run("multiclass_nms", {{boxes}, {scores}}, nms_attrs(0.01, 400, 200))[0];
  expect_shape(v1, {(int64_t)ref.rows.size() / 6, 6});
  expect_values(v1, ref.rows, 1e-6);
  expect_lod(v1, offsets(ref.counts));
  auto v3 = run("multiclass_nms3", {{boxes}, {scores}, {}}, nms_attrs(0.01, 400, 200));
  expect_values(v3[0], ref.rows, 1e-6);
  expect_values(v3[1], std::vector<double>(ref.index.begin(), ref.index.end()));
  expect_values(v3[2], std::vector<double>(ref.counts.begin(), ref.counts.end()));
  auto v2 = run("multiclass_nms2", {{boxes}, {scores}}, nms_attrs(0.01, 400, 200));
  expect_values(v2[1], std::vector<double>(ref.index.begin(), ref.index.end()));
  expect_lod(v2[1], offsets(ref.counts));
  // float64 gives the same selection.
  auto v1d = run("multiclass_nms", {{make<double>({N, M, 4}, to_d(b))}, {make<double>({N, C, M}, to_d(s))}},
                 nms_attrs(0.01, 400, 200))[0];
  EXPECT_EQ(v1d->dtype, DType::Float64);
  expect_values(v1d, ref.rows, 1e-6);
  // eta and pixel mode against the reference as well.
  RefOut ref2 = ref_batched(to_d(b), to_d(s), N, C, M, {}, 0.02, 100, 50, 0.9, false, 0.7, 3);
  auto v1e = run("multiclass_nms", {{boxes}, {scores}}, nms_attrs(0.02, 100, 50, 0.9, false, 0.7, 3))[0];
  expect_values(v1e, ref2.rows, 1e-6);
}

TEST(MulticlassNms, SpecRandomLodLayout) {
  // TestMulticlassNMSLoDInput / NoBox: scores [1200, 21], boxes [1200, 21, 4], pixel coords.
  const int64_t C = 21, M = 1200;
  std::mt19937 g(3);
  std::uniform_real_distribution<float> u(0, 1);
  std::vector<float> b(M * C * 4), s(M * C);
  for (int64_t i = 0; i < M * C; ++i) {
    b[i * 4] = u(g) * 10; b[i * 4 + 1] = u(g) * 10;
    b[i * 4 + 2] = 10 + u(g) * 10; b[i * 4 + 3] = 10 + u(g) * 10;
  }
  for (int64_t m = 0; m < M; ++m) {
    float sum = 0;
    for (int64_t c = 0; c < C; ++c) sum += (s[m * C + c] = std::exp(u(g)));
    for (int64_t c = 0; c < C; ++c) s[m * C + c] /= sum;
  }
  for (auto lod : {std::vector<int64_t>{0, M}, std::vector<int64_t>{0, 0, M, M},
                   std::vector<int64_t>{0, 500, M}}) {
    auto boxes = make<float>({M, C, 4}, b);
    boxes->lod = {lod};
    auto scores = make<float>({M, C}, s);
    RefOut ref = ref_lod(to_d(b), to_d(s), lod, C, 0.01, 400, 200, 0.3, false);
    auto v2 = run("multiclass_nms2", {{boxes}, {scores}}, nms_attrs(0.01, 400, 200, 0.3, false));
    expect_values(v2[0], ref.rows, 1e-5);
    expect_values(v2[1], std::vector<double>(ref.index.begin(), ref.index.end()));
    expect_lod(v2[0], offsets(ref.counts));
    // multiclass_nms3 with RoisNum instead of the LoD.
    auto plain = make<float>({M, C, 4}, b);
    std::vector<int32_t> rn;
    for (size_t i = 1; i < lod.size(); ++i) rn.push_back((int32_t)(lod[i] - lod[i - 1]));
    auto v3 = run("multiclass_nms3", {{plain}, {scores}, {make<int32_t>({(int64_t)rn.size()}, rn)}},
                  nms_attrs(0.01, 400, 200, 0.3, false));
    expect_values(v3[0], ref.rows, 1e-5);
    expect_values(v3[2], std::vector<double>(ref.counts.begin(), ref.counts.end()));
  }
}

TEST(MulticlassNms, LodLayoutHandCaseAndEmptyImage) {
  // 2 classes; image 0 has no boxes, image 1 has 3. Class 1 kept boxes re-sorted by index.
  auto boxes = make<float>({3, 2, 4}, {0, 0, 1, 1, 0, 0, 1, 1,       // box 0
                                       5, 5, 6, 6, 5, 5, 6, 6,       // box 1
                                       0, 0, 1, 1, 9, 9, 10, 10});   // box 2
  boxes->lod = {{0, 0, 3}};
  auto scores = make<float>({3, 2}, {0, 0.5f, 0, 0.9f, 0, 0.7f});
  auto r = run("multiclass_nms2", {{boxes}, {scores}}, nms_attrs(0.1, -1, -1));
  // class 1: keep order 1 (.9), 2 (.7; box [9,9,10,10] disjoint), 0 (.5) -> index order 0,1,2.
  expect_values(r[0], {1, 0.5, 0, 0, 1, 1, 1, 0.9, 5, 5, 6, 6, 1, 0.7, 9, 9, 10, 10});
  expect_values(r[1], {1, 3, 5});
  expect_lod(r[0], {0, 0, 3});
}

TEST(MulticlassNms, NonContiguousInputs) {
  // Scores given as a transposed view of [N, M, C].
  auto boxes = make<float>({1, 2, 4}, {0, 0, 1, 1, 2, 2, 3, 3});
  auto smc = make<float>({1, 2, 2}, {0.1f, 0.9f, 0.2f, 0.8f});  // [N, M, C]
  auto scores = call("transpose2", {smc}, {{"axis", std::vector<int64_t>{0, 2, 1}}});
  auto out = run("multiclass_nms", {{boxes}, {scores}}, nms_attrs(0.5, -1, -1))[0];
  expect_values(out, {1, 0.9, 0, 0, 1, 1, 1, 0.8, 2, 2, 3, 3});
}

TEST(MulticlassNms, MalformedInput) {
  auto b3 = make<float>({1, 3, 4}, std::vector<float>(12, 0));
  auto s3 = make<float>({1, 2, 3}, std::vector<float>(6, 0));
  auto A = nms_attrs(0.1, -1, -1);
  expect_error([&] { run("multiclass_nms", {{b3}, {make<float>({6}, std::vector<float>(6, 0))}}, A); },
               PD_INVALID_ARGUMENT, "multiclass_nms: Scores must have rank 3 ([N, C, M]) or rank 2");
  expect_error([&] { run("multiclass_nms", {{make<float>({3, 4}, std::vector<float>(12, 0))}, {s3}}, A); },
               PD_INVALID_ARGUMENT, "BBoxes must have rank 3 ([N, M, 4]) when Scores has rank 3");
  expect_error([&] { run("multiclass_nms", {{b3}, {make<float>({1, 2, 4}, std::vector<float>(8, 0))}}, A); },
               PD_INVALID_ARGUMENT, "has 3 boxes per image but Scores of shape [1, 2, 4] has 4");
  expect_error([&] { run("multiclass_nms", {{b3}, {make<float>({2, 2, 3}, std::vector<float>(12, 0))}}, A); },
               PD_INVALID_ARGUMENT, "different batch sizes");
  expect_error([&] { run("multiclass_nms", {{make<float>({1, 3, 8}, std::vector<float>(24, 0))}, {s3}}, A); },
               PD_INVALID_ARGUMENT, "has box size 8; only 4");
  expect_error([&] { run("multiclass_nms", {{b3}, {make<double>({1, 2, 3}, std::vector<double>(6, 0))}}, A); },
               PD_INVALID_ARGUMENT, "multiclass_nms: input 'Scores' has dtype float64");
  expect_error([&] { run("multiclass_nms", {{make<int32_t>({1, 3, 4}, std::vector<int32_t>(12, 0))}, {s3}}, A); },
               PD_INVALID_ARGUMENT, "multiclass_nms: input 'BBoxes' has dtype int32");
  // LoD layout.
  auto bl = make<float>({3, 2, 4}, std::vector<float>(24, 0));
  auto sl = make<float>({3, 2}, std::vector<float>(6, 0));
  expect_error([&] { run("multiclass_nms", {{bl}, {sl}}, A); }, PD_INVALID_ARGUMENT,
               "(LoD layout) has no LoD");
  bl->lod = {{0, 1, 2}};
  expect_error([&] { run("multiclass_nms", {{bl}, {sl}}, A); }, PD_INVALID_ARGUMENT,
               "the LoD of BBoxes [0, 1, 2] ends at 2 but BBoxes has 3 rows");
  bl->lod = {{0, 2, 1, 3}};
  expect_error([&] { run("multiclass_nms", {{bl}, {sl}}, A); }, PD_INVALID_ARGUMENT,
               "is decreasing at position 2");
  bl->lod = {{1, 3}};
  expect_error([&] { run("multiclass_nms", {{bl}, {sl}}, A); }, PD_INVALID_ARGUMENT,
               "must start at 0");
  bl->lod = {{0, 3}};
  expect_error([&] { run("multiclass_nms", {{bl}, {make<float>({3, 3}, std::vector<float>(9, 0))}}, A); },
               PD_INVALID_ARGUMENT, "has 2 classes but Scores of shape [3, 3] has 3");
  expect_error([&] { run("multiclass_nms", {{bl}, {make<float>({2, 2}, std::vector<float>(4, 0))}}, A); },
               PD_INVALID_ARGUMENT, "has 3 rows but Scores of shape [2, 2] has 2");
  expect_error([&] { run("multiclass_nms3", {{bl}, {sl}, {make<int32_t>({2}, {1, 1})}}, A); },
               PD_INVALID_ARGUMENT, "RoisNum adds up to 2 boxes but BBoxes has 3 rows");
  expect_error([&] { run("multiclass_nms3", {{bl}, {sl}, {make<int32_t>({2}, {4, -1})}}, A); },
               PD_INVALID_ARGUMENT, "RoisNum[1] is -1");
  expect_error([&] { run("multiclass_nms3", {{bl}, {sl}, {make<int64_t>({1}, {3})}}, A); },
               PD_INVALID_ARGUMENT, "RoisNum has dtype int64, expected int32");
  expect_error([&] { run("multiclass_nms", {{b3}, {s3}}, nms_attrs(0.1, -1, -1, 0.3, true, 0.0)); },
               PD_INVALID_ARGUMENT, "nms_eta is 0; expected nms_eta > 0");
}

// ---------------- matrix_nms ----------------

namespace {
Attrs mx_attrs(double sthr, double post, int64_t top_k, int64_t keep, bool gaussian = false,
               double sigma = 2.0, int64_t bg = 0) {
  return {{"background_label", bg}, {"score_threshold", sthr}, {"post_threshold", post},
          {"nms_top_k", top_k},      {"keep_top_k", keep},       {"normalized", true},
          {"use_gaussian", gaussian}, {"gaussian_sigma", sigma}};
}
}  // namespace

TEST(MatrixNms, HandComputed) {
  // One class; boxes 0 and 1 IoU 0.6, box 2 disjoint.
  auto boxes = make<double>({1, 3, 4}, {0, 0, 8, 1, 2, 0, 10, 1, 20, 20, 21, 21});
  auto scores = make<double>({1, 2, 3}, {0, 0, 0, 0.9, 0.8, 0.5});
  auto r = run("matrix_nms", {{boxes}, {scores}}, mx_attrs(0.1, 0.0, -1, -1));
  // linear: box1 decay (1-.6)/(1-0)=.4 -> .32; box2 iou 0 with both -> min(1, 1/(1-.6)) = 1 -> .5.
  expect_values(r[0], {1, 0.9, 0, 0, 8, 1, 1, 0.5, 20, 20, 21, 21, 1, 0.32, 2, 0, 10, 1}, 1e-9);
  expect_values(r[1], {0, 2, 1});
  expect_values(r[2], {3});
  expect_lod(r[0], {0, 3});
  // gaussian sigma 2: box1 exp(-0.36*2)*.8.
  auto gsn = run("matrix_nms", {{boxes}, {scores}}, mx_attrs(0.1, 0.0, -1, -1, true, 2.0));
  expect_values(gsn[0], {1, 0.9, 0, 0, 8, 1, 1, 0.5, 20, 20, 21, 21, 1, 0.8 * std::exp(-0.72), 2, 0, 10, 1}, 1e-9);
  // post_threshold 0.4 drops the decayed box; keep_top_k 1 keeps the best.
  auto post = run("matrix_nms", {{boxes}, {scores}}, mx_attrs(0.1, 0.4, -1, 1));
  expect_values(post[0], {1, 0.9, 0, 0, 8, 1});
  // nothing: empty outputs, RoisNum zeros, never -1.
  auto none = run("matrix_nms", {{boxes}, {scores}}, mx_attrs(2.0, 0.0, -1, -1));
  expect_shape(none[0], {0, 6});
  expect_shape(none[1], {0, 1});
  expect_values(none[2], {0});
  expect_error([&] { run("matrix_nms", {{boxes}, {make<double>({3, 2}, std::vector<double>(6, 0))}}, mx_attrs(0, 0, -1, -1)); },
               PD_INVALID_ARGUMENT, "matrix_nms: Scores must have rank 3 ([N, C, M]); got shape [3, 2]");
}

TEST(MatrixNms, RandomMatchesReference) {
  const int64_t N = 3, C = 5, M = 60;
  std::vector<float> b, s;
  random_batched(N, C, M, 11, b, s);
  auto r = run("matrix_nms", {{make<double>({N, M, 4}, to_d(b))}, {make<double>({N, C, M}, to_d(s))}},
               mx_attrs(0.05, 0.1, 30, 20));
  std::vector<double> rows;
  std::vector<double> counts;
  for (int64_t n = 0; n < N; ++n) {
    std::vector<std::tuple<double, int64_t, int64_t>> all;
    for (int64_t c = 1; c < C; ++c) {
      std::vector<int64_t> cand;
      for (int64_t i = 0; i < M; ++i) if (s[(n * C + c) * M + i] > 0.05) cand.push_back(i);
      std::stable_sort(cand.begin(), cand.end(), [&](auto a, auto bb) {
        return s[(n * C + c) * M + a] > s[(n * C + c) * M + bb]; });
      if (cand.size() > 30) cand.resize(30);
      auto bx = [&](int64_t i) { std::vector<double> v(4); for (int k = 0; k < 4; ++k) v[k] = b[(n * M + i) * 4 + k]; return v; };
      std::vector<double> cmax(cand.size(), 0);
      for (size_t i = 0; i < cand.size(); ++i)
        for (size_t j = 0; j < i; ++j) cmax[i] = std::max(cmax[i], ref_iou(bx(cand[i]).data(), bx(cand[j]).data(), true));
      for (size_t i = 0; i < cand.size(); ++i) {
        double decay = 1;
        for (size_t j = 0; j < i; ++j)
          decay = std::min(decay, (1 - ref_iou(bx(cand[i]).data(), bx(cand[j]).data(), true)) / (1 - cmax[j]));
        double ds = decay * s[(n * C + c) * M + cand[i]];
        if (ds > 0.1) all.emplace_back(ds, c, cand[i]);
      }
    }
    std::stable_sort(all.begin(), all.end(), [](auto& a, auto& bb) { return std::get<0>(a) > std::get<0>(bb); });
    if (all.size() > 20) all.resize(20);
    for (auto& [ds, c, i] : all)
      rows.insert(rows.end(), {(double)c, ds, b[(n * M + i) * 4], b[(n * M + i) * 4 + 1], b[(n * M + i) * 4 + 2], b[(n * M + i) * 4 + 3]});
    counts.push_back((double)all.size());
  }
  expect_values(r[0], rows, 1e-9);
  expect_values(r[2], counts);
}

// ---------------- locality_aware_nms ----------------

TEST(LocalityAwareNms, MergeThenNms) {
  // Boxes 0,1 overlap (IoU .6 > .3) -> merged into anchor 0 with score .9+.3=1.2 and box
  // weighted (box1*.3 + box0*.9)/1.2; box 2 disjoint.
  auto boxes = make<double>({1, 3, 4}, {0, 0, 8, 1, 2, 0, 10, 1, 20, 20, 21, 21});
  auto scores = make<double>({1, 1, 3}, {0.9, 0.3, 0.5});
  auto out = run("locality_aware_nms", {{boxes}, {scores}}, nms_attrs(0.1, -1, -1, 0.3, true, 1.0, -1))[0];
  const double x0 = (2 * 0.3 + 0 * 0.9) / 1.2, x1 = (10 * 0.3 + 8 * 0.9) / 1.2;
  expect_values(out, {0, 1.2, x0, 0, x1, 1, 0, 0.5, 20, 20, 21, 21}, 1e-9);
  expect_lod(out, {0, 2});
  auto none = run("locality_aware_nms", {{boxes}, {scores}}, nms_attrs(2.0, -1, -1, 0.3, true, 1.0, -1))[0];
  expect_values(none, {-1});
  expect_lod(none, {0, 1});
  // keep_top_k 1.
  auto k1 = run("locality_aware_nms", {{boxes}, {scores}}, nms_attrs(0.1, -1, 1, 0.3, true, 1.0, -1))[0];
  expect_values(k1, {0, 1.2, x0, 0, x1, 1}, 1e-9);
}

// ---------------- yolo_box ----------------

namespace {
Attrs yolo_attrs(std::vector<int64_t> anchors, int64_t K, double conf, int64_t ds, bool clip = true,
                 double scale = 1.0) {
  return {{"anchors", anchors}, {"class_num", K}, {"conf_thresh", conf},
          {"downsample_ratio", ds}, {"clip_bbox", clip}, {"scale_x_y", scale}};
}
double sig(double x) { return 1 / (1 + std::exp(-x)); }
}  // namespace

TEST(YoloBox, HandComputed) {
  // 1 anchor (10, 20), 1 class, 1x2 grid, downsample 8 -> input 16 wide, 8 high.
  // channels: tx, ty, tw, th, obj, cls; cell (0,0) confident, cell (0,1) not.
  auto x = make<double>({1, 6, 1, 2}, {0.0, 0.0, 0.0, 0.0, 0.5, 0.5, 2.0, 0.0, 1.0, -5.0, 0.0, 0.0});
  auto im = make<int32_t>({1, 2}, {40, 80});  // h, w
  auto r = run("yolo_box", {{x}, {im}}, yolo_attrs({10, 20}, 1, 0.3, 8, false));
  const double conf = sig(1.0);
  const double cx = 0.5 * 80 / 2, cy = 0.5 * 40 / 1;
  const double bw = std::exp(0.5) * 10 * 80 / 16, bh = std::exp(2.0) * 20 * 40 / 8;
  expect_shape(r[0], {1, 2, 4});
  expect_values(r[0], {cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2, 0, 0, 0, 0}, 1e-9);
  expect_values(r[1], {conf * sig(0.0), 0}, 1e-9);
  auto clipped = run("yolo_box", {{x}, {im}}, yolo_attrs({10, 20}, 1, 0.3, 8, true));
  expect_values(clipped[0], {std::max(0.0, cx - bw / 2), std::max(0.0, cy - bh / 2),
                             std::min(79.0, cx + bw / 2), std::min(39.0, cy + bh / 2), 0, 0, 0, 0}, 1e-9);
  // scale_x_y 1.2: bias -0.1.
  auto sc = run("yolo_box", {{x}, {im}}, yolo_attrs({10, 20}, 1, 0.3, 8, false, 1.2));
  const double cx2 = (0.5 * 1.2 - 0.1) * 40;
  EXPECT_NEAR(values(sc[0])[0], cx2 - bw / 2, 1e-9);
}

TEST(YoloBox, Malformed) {
  auto x = make<float>({1, 14, 2, 2}, std::vector<float>(56, 0));
  auto im = make<int32_t>({1, 2}, {10, 10});
  expect_error([&] { run("yolo_box", {{x}, {im}}, yolo_attrs({10, 13, 16}, 2, 0.5, 32)); },
               PD_INVALID_ARGUMENT, "yolo_box: anchors has 3 values");
  expect_error([&] { run("yolo_box", {{x}, {im}}, yolo_attrs({10, 13, 16, 30}, 0, 0.5, 32)); },
               PD_INVALID_ARGUMENT, "class_num is 0");
  expect_error([&] { run("yolo_box", {{x}, {im}}, yolo_attrs({10, 13, 16, 30, 3, 3}, 2, 0.5, 32)); },
               PD_INVALID_ARGUMENT, "X has 14 channels; expected 21");
  expect_error([&] { run("yolo_box", {{x}, {make<int64_t>({1, 2}, {10, 10})}}, yolo_attrs({10, 13, 16, 30}, 2, 0.5, 32)); },
               PD_INVALID_ARGUMENT, "ImgSize has dtype int64, expected int32");
  expect_error([&] { run("yolo_box", {{x}, {make<int32_t>({2, 2}, {1, 1, 1, 1})}}, yolo_attrs({10, 13, 16, 30}, 2, 0.5, 32)); },
               PD_INVALID_ARGUMENT, "ImgSize has 2 rows but X has batch 1");
  auto ok = run("yolo_box", {{x}, {im}}, yolo_attrs({10, 13, 16, 30}, 2, 0.5, 32));
  expect_shape(ok[0], {1, 8, 4});
  expect_shape(ok[1], {1, 8, 2});
  // conf = sigmoid(0) = 0.5, not < 0.5 -> decoded
  EXPECT_NEAR(values(ok[1])[0], 0.25, 1e-7);
}

// ---------------- anchor_generator ----------------

TEST(AnchorGenerator, SpecCase) {
  auto x = make<float>({1, 3, 2, 2}, std::vector<float>(12, 0));
  auto r = run("anchor_generator", {{x}},
               {{"anchor_sizes", std::vector<double>{64, 128, 256, 512}},
                {"aspect_ratios", std::vector<double>{0.5, 1, 2}},
                {"stride", std::vector<double>{16, 16}}, {"offset", 0.5}});
  expect_shape(r[0], {2, 2, 12, 4});
  expect_shape(r[1], {2, 2, 12, 4});
  auto a = values(r[0]);
  // cell (0,0): xc = yc = 7.5. ratio .5: base_w = round(sqrt(512)) = 23, base_h = round(11.5) = 12.
  // size 64: aw = 4*23 = 92, ah = 48.
  EXPECT_NEAR(a[0], 7.5 - 0.5 * 91, 1e-5);
  EXPECT_NEAR(a[1], 7.5 - 0.5 * 47, 1e-5);
  EXPECT_NEAR(a[2], 7.5 + 0.5 * 91, 1e-5);
  EXPECT_NEAR(a[3], 7.5 + 0.5 * 47, 1e-5);
  // ratio 1 (index 4..7), size 64: 16 -> 64.
  EXPECT_NEAR(a[4 * 4], 7.5 - 31.5, 1e-5);
  // cell (1,0) (h=1, w=0): yc = 23.5, anchor 0.
  EXPECT_NEAR(a[(2 * 12) * 4 + 1], 23.5 - 0.5 * 47, 1e-5);
  EXPECT_NEAR(a[(2 * 12) * 4 + 0], 7.5 - 0.5 * 91, 1e-5);
  auto v = values(r[1]);
  EXPECT_EQ(v[0], (double)0.1f);
  EXPECT_EQ(v[3], (double)0.2f);
  expect_error([&] { run("anchor_generator", {{x}}, {{"stride", std::vector<double>{16}}}); },
               PD_INVALID_ARGUMENT, "anchor_generator: stride has 1 values; expected 2");
  expect_error([&] { run("anchor_generator", {{make<float>({2, 2}, {0, 0, 0, 0})}}, {}); },
               PD_INVALID_ARGUMENT, "anchor_generator: Input must have rank 4");
  expect_error([&] { run("anchor_generator", {{x}}, {{"aspect_ratios", std::vector<double>{0}}}); },
               PD_INVALID_ARGUMENT, "aspect ratio 0 is not positive");
}

// ---------------- box_clip ----------------

TEST(BoxClip, LodAndBatched) {
  auto x = make<float>({3, 4}, {-5, -5, 50, 50, 10, 10, 20, 20, 30, 2, 99, 99});
  x->lod = {{0, 2, 3}};
  auto im = make<float>({2, 3}, {20, 40, 1, 30, 60, 2});  // image 1: h 15, w 30
  auto r = run("box_clip", {{x}, {im}}, {})[0];
  expect_values(r, {0, 0, 39, 19, 10, 10, 20, 19, 29, 2, 29, 14});
  expect_lod(r, {0, 2, 3});
  auto xb = make<double>({2, 1, 4}, {-1, -1, 100, 100, 5, 5, 6, 6});
  auto rb = run("box_clip", {{xb}, {make<double>({2, 3}, {10, 10, 1, 10, 10, 1})}}, {})[0];
  expect_values(rb, {0, 0, 9, 9, 5, 5, 6, 6});
  expect_error([&] { run("box_clip", {{x}, {make<float>({1, 3}, {1, 1, 1})}}, {}); },
               PD_INVALID_ARGUMENT, "box_clip: Input holds 2 image(s) but ImInfo has 1 rows");
  x->lod = {{0, 2, 4}};
  expect_error([&] { run("box_clip", {{x}, {im}}, {}); }, PD_INVALID_ARGUMENT,
               "ends at 4 but Input has 3 rows");
  expect_error([&] { run("box_clip", {{make<float>({3, 3}, std::vector<float>(9, 0))}, {im}}, {}); },
               PD_INVALID_ARGUMENT, "box_clip: Input must have shape [..., 4]");
}
