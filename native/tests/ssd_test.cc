// SSD ops: iou_similarity, bipartite_match, target_assign, mine_hard_examples, box_coder,
// smooth_l1_loss, prior_box, density_prior_box (spec detection.md sections 2, 5 and 6).
#include <algorithm>
#include <cmath>
#include <tuple>

#include "test_util.h"

using namespace pd;
using namespace pd::test;

namespace {

// Deterministic uniform [0, 1) values.
std::vector<double> rnd(size_t n, uint64_t seed) {
  std::vector<double> v(n);
  uint64_t s = seed * 6364136223846793005ULL + 1442695040888963407ULL;
  for (auto& x : v) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    x = (double)((s >> 11) & ((1ULL << 53) - 1)) / (double)(1ULL << 53);
  }
  return v;
}
std::vector<float> rndf(size_t n, uint64_t seed) {
  auto d = rnd(n, seed);
  return std::vector<float>(d.begin(), d.end());
}

TensorRef with_lod(TensorRef t, std::vector<int64_t> offsets) {
  t->lod = {std::move(offsets)};
  return t;
}

std::vector<int64_t> offs_of(const std::vector<int64_t>& lens) {
  std::vector<int64_t> o{0};
  for (auto l : lens) o.push_back(o.back() + l);
  return o;
}

double ref_iou(const double* a, const double* b, bool normalized) {
  const double off = normalized ? 0 : 1;
  const double aa = (a[2] - a[0] + off) * (a[3] - a[1] + off);
  const double ab = (b[2] - b[0] + off) * (b[3] - b[1] + off);
  const double iw = std::max(std::min(a[2], b[2]) - std::max(a[0], b[0]) + off, 0.0);
  const double ih = std::max(std::min(a[3], b[3]) - std::max(a[1], b[1]) + off, 0.0);
  return iw * ih / (aa + ab - iw * ih);
}

// Paddle's unit-test reference for bipartite_match: sort all triples descending (stable),
// greedily take free row/col pairs with dist > 0, then per_prediction argmax extras.
void ref_bipartite(const std::vector<double>& d, int64_t cols, int64_t r0, int64_t r1,
                   bool per_pred, double thr, std::vector<int>& idx, std::vector<double>& dist) {
  idx.assign((size_t)cols, -1);
  dist.assign((size_t)cols, 0);
  const int64_t rows = r1 - r0;
  std::vector<std::tuple<int64_t, int64_t, double>> t;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) t.emplace_back(r, c, d[(size_t)((r0 + r) * cols + c)]);
  std::stable_sort(t.begin(), t.end(),
                   [](const auto& a, const auto& b) { return std::get<2>(a) > std::get<2>(b); });
  std::vector<char> ru((size_t)rows, 0);
  int64_t n = 0;
  for (auto& [r, c, v] : t) {
    if (n == rows) break;
    if (ru[(size_t)r] || idx[(size_t)c] != -1 || !(v > 0)) continue;
    ru[(size_t)r] = 1;
    idx[(size_t)c] = (int)r;
    dist[(size_t)c] = v;
    ++n;
  }
  if (!per_pred) return;
  for (int64_t c = 0; c < cols; ++c) {
    if (idx[(size_t)c] != -1) continue;
    int best = -1;
    double bv = -1;
    for (int64_t r = 0; r < rows; ++r) {
      double v = d[(size_t)((r0 + r) * cols + c)];
      if (v >= thr && v > bv) { best = (int)r; bv = v; }
    }
    if (best >= 0) { idx[(size_t)c] = best; dist[(size_t)c] = bv; }
  }
}

void check_bipartite_random(int64_t rows, int64_t cols, std::vector<int64_t> lens, bool per_pred,
                            uint64_t seed) {
  auto d = rnd((size_t)(rows * cols), seed);
  TensorRef dm = make<float>({rows, cols}, std::vector<float>(d.begin(), d.end()));
  std::vector<double> df(d.size());
  for (size_t i = 0; i < d.size(); ++i) df[i] = (double)(float)d[i];
  std::vector<int64_t> offs = lens.empty() ? std::vector<int64_t>{0, rows} : offs_of(lens);
  if (!lens.empty()) dm->lod = {offs};
  auto outs = call_all("bipartite_match", {dm},
                       {{"match_type", per_pred ? "per_prediction" : "bipartite"},
                        {"dist_threshold", 0.5}});
  const int64_t n = (int64_t)offs.size() - 1;
  expect_shape(outs[0], {n, cols});
  expect_shape(outs[1], {n, cols});
  EXPECT_EQ(outs[0]->dtype, DType::Int32);
  std::vector<double> ei, ed;
  for (int64_t i = 0; i < n; ++i) {
    std::vector<int> idx;
    std::vector<double> dist;
    ref_bipartite(df, cols, offs[(size_t)i], offs[(size_t)i + 1], per_pred, 0.5, idx, dist);
    for (int64_t c = 0; c < cols; ++c) {
      ei.push_back(idx[(size_t)c]);
      ed.push_back(dist[(size_t)c]);
    }
  }
  expect_values(outs[0], ei, 0);
  expect_values(outs[1], ed, 1e-7);
}

}  // namespace

// ================================================================ iou_similarity

TEST(SsdIou, DocsExample) {
  TensorRef x = make<float>({2, 4}, {0.5f, 0.5f, 2, 2, 0, 0, 1, 1});
  TensorRef y = make<float>({1, 4}, {1, 1, 2.5f, 2.5f});
  TensorRef out = call("iou_similarity", {x, y});
  expect_shape(out, {2, 1});
  expect_values(out, {0.2857143, 0}, 1e-6);
}

TEST(SsdIou, UnitTestCasesWithLoD) {
  // test_iou_similarity_op.py: X [2,4], Y [3,4] random (boxes may be inverted).
  auto xv = rnd(8, 1), yv = rnd(12, 2);
  for (bool normalized : {false, true}) {
    for (bool lod : {false, true}) {
      TensorRef x = make<double>({2, 4}, xv);
      if (lod) x->lod = {{0, 1, 2}};
      TensorRef out = call("iou_similarity", {x, make<double>({3, 4}, yv)},
                           {{"box_normalized", normalized}});
      std::vector<double> exp;
      for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 3; ++j) exp.push_back(ref_iou(&xv[i * 4], &yv[j * 4], normalized));
      expect_values(out, exp, 1e-8);
      EXPECT_EQ(out->lod, x->lod);
    }
  }
}

TEST(SsdIou, PixelModeAndEmpty) {
  // +1 convention: [0,0,1,1] vs [1,1,2,2]: areas 4 and 4, overlap 1x1 -> 1/7.
  TensorRef out = call("iou_similarity", {make<float>({1, 4}, {0, 0, 1, 1}),
                                          make<float>({1, 4}, {1, 1, 2, 2})},
                       {{"box_normalized", false}});
  expect_values(out, {1.0 / 7.0}, 1e-6);
  TensorRef e = call("iou_similarity", {make<float>({0, 4}, {}), make<float>({3, 4}, rndf(12, 3))});
  expect_shape(e, {0, 3});
}

TEST(SsdIou, Errors) {
  expect_error([] { call("iou_similarity", {make<float>({2, 4, 1}, rndf(8, 1)), make<float>({1, 4}, rndf(4, 1))}); },
               PD_INVALID_ARGUMENT, "iou_similarity: input 'X' has rank 3");
  expect_error([] { call("iou_similarity", {make<float>({2, 4}, rndf(8, 1)), make<float>({1, 3}, rndf(3, 1))}); },
               PD_INVALID_ARGUMENT, "input 'Y' has shape [1, 3]; expected [N, 4] boxes");
  expect_error([] { call("iou_similarity", {with_lod(make<float>({2, 4}, rndf(8, 1)), {0, 1, 3}), make<float>({1, 4}, rndf(4, 1))}); },
               PD_INVALID_ARGUMENT, "the LoD must add up to the first dimension");
  expect_error([] { call("iou_similarity", {make<int32_t>({1, 4}, {0, 0, 1, 1}), make<int32_t>({1, 4}, {0, 0, 1, 1})}); },
               PD_INVALID_ARGUMENT, "iou_similarity: input 'X' has dtype int32");
}

// ================================================================ bipartite_match

TEST(SsdBipartite, HandWorked3x4) {
  // Greedy: 0.9 (r2,c2), then 0.8 (r1,c1), then r0's best free column 0.1 (c0); c3 unmatched.
  TensorRef d = make<float>({3, 4}, {0.1f, 0.7f, 0.3f, 0.0f,
                                     0.6f, 0.8f, 0.2f, 0.55f,
                                     0.0f, 0.4f, 0.9f, 0.5f});
  auto b = call_all("bipartite_match", {d});
  expect_shape(b[0], {1, 4});
  expect_values(b[0], {0, 1, 2, -1}, 0);
  expect_values(b[1], {0.1, 0.8, 0.9, 0}, 1e-7);
  // per_prediction: column 3's best row with value >= 0.5 is row 1 (0.55).
  auto p = call_all("bipartite_match", {d}, {{"match_type", "per_prediction"}, {"dist_threshold", 0.5}});
  expect_values(p[0], {0, 1, 2, 1}, 0);
  expect_values(p[1], {0.1, 0.8, 0.9, 0.55}, 1e-7);
  auto q = call_all("bipartite_match", {d}, {{"match_type", "per_prediction"}, {"dist_threshold", 0.6}});
  expect_values(q[0], {0, 1, 2, -1}, 0);
}

TEST(SsdBipartite, TiesTinyValuesAndEmptySegments) {
  auto t = call_all("bipartite_match", {make<double>({2, 2}, {0.5, 0.5, 0.5, 0.5})});
  expect_values(t[0], {0, 1}, 0);
  // Values below 1e-6 never match (small-segment path).
  auto s = call_all("bipartite_match", {make<double>({1, 2}, {1e-7, 0})});
  expect_values(s[0], {-1, -1}, 0);
  expect_values(s[1], {0, 0}, 0);
  // LoD with an empty image: its row is -1 / 0.
  TensorRef d = with_lod(make<float>({3, 2}, {0.9f, 0.1f, 0.2f, 0.3f, 0.4f, 0.8f}), {0, 2, 2, 3});
  auto o = call_all("bipartite_match", {d});
  expect_shape(o[0], {3, 2});
  expect_values(o[0], {0, 1, -1, -1, -1, 0}, 0);
  expect_values(o[1], {0.9, 0.3, 0, 0, 0, 0.8}, 1e-7);
  // Zero rows in total.
  auto z = call_all("bipartite_match", {with_lod(make<float>({0, 3}, {}), {0, 0, 0})});
  expect_shape(z[0], {2, 3});
  expect_values(z[0], {-1, -1, -1, -1, -1, -1}, 0);
}

TEST(SsdBipartite, UnitTestCases) {
  check_bipartite_random(23, 217, {5, 6, 12}, false, 11);
  check_bipartite_random(8, 17, {}, false, 12);
  check_bipartite_random(300, 17, {}, false, 13);  // >= 130 rows: sorted path
  check_bipartite_random(23, 237, {5, 6, 12}, true, 14);
  check_bipartite_random(23, 217, {5, 6, 0, 12}, false, 15);
}

TEST(SsdBipartite, Errors) {
  expect_error([] { call("bipartite_match", {make<float>({4}, rndf(4, 1))}); },
               PD_INVALID_ARGUMENT, "bipartite_match: input 'DistMat' has rank 1");
  expect_error([] { call("bipartite_match", {make<float>({2, 2}, rndf(4, 1))}, {{"match_type", "greedy"}}); },
               PD_INVALID_ARGUMENT, "match_type 'greedy' is not supported");
  expect_error([] {
    TensorRef d = make<float>({2, 2}, rndf(4, 1));
    d->lod = {{0, 2}, {0, 1, 2}};
    call("bipartite_match", {d});
  }, PD_INVALID_ARGUMENT, "has 2 LoD levels; expected at most one");
  expect_error([] { call("bipartite_match", {with_lod(make<float>({2, 2}, rndf(4, 1)), {0, 2, 1})}); },
               PD_INVALID_ARGUMENT, "LoD offsets that decrease");
  expect_error([] { call("bipartite_match", {with_lod(make<float>({2, 2}, rndf(4, 1)), {0, 3})}); },
               PD_INVALID_ARGUMENT, "has LoD ending at 3 but its first dimension is 2");
}

// ================================================================ target_assign

TEST(SsdTargetAssign, HandFloatBoxes) {
  // Image 0 has gt row 0, image 1 has gt rows 1..2 (LoD [0,1,3]); X [3, 2, 2].
  TensorRef x = with_lod(make<float>({3, 2, 2}, {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23}),
                         {0, 1, 3});
  TensorRef mi = make<int32_t>({2, 2}, {0, -1, 1, 0});
  auto o = call_all("target_assign", {x, mi, TensorRef()}, {{"mismatch_value", (int64_t)7}});
  expect_shape(o[0], {2, 2, 2});
  expect_shape(o[1], {2, 2, 1});
  EXPECT_EQ(o[1]->dtype, DType::Float32);
  // [0][0] <- X[0][0]; [0][1] mismatch; [1][0] <- X[1+1][0]; [1][1] <- X[1+0][1].
  expect_values(o[0], {0, 1, 7, 7, 20, 21, 12, 13}, 0);
  expect_values(o[1], {1, 0, 1, 1}, 0);
}

TEST(SsdTargetAssign, HandLabelsWithNegatives) {
  TensorRef x = with_lod(make<int32_t>({3, 1, 1}, {5, 6, 9}), {0, 1, 3});
  TensorRef mi = make<int32_t>({2, 3}, {0, -1, -1, -1, 1, -1});
  TensorRef neg = with_lod(make<int32_t>({3, 1}, {2, 0, 2}), {0, 1, 3});
  auto o = call_all("target_assign", {x, mi, neg});
  EXPECT_EQ(o[0]->dtype, DType::Int32);
  expect_values(o[0], {5, 0, 0, 0, 9, 0}, 0);
  expect_values(o[1], {1, 0, 1, 1, 1, 1}, 0);
}

TEST(SsdTargetAssign, UnitTestCases) {
  // test_target_assign_op.py: 120 priors, gt_lod [5,6,12], neg_lod [4,3,6].
  const int64_t np = 120;
  std::vector<int64_t> gt = {5, 6, 12}, negl = {4, 3, 6};
  auto go = offs_of(gt);
  std::vector<int32_t> mi(3 * np, -1), negv;
  for (int i = 0; i < 3; ++i) {
    for (int64_t k = 0; k < gt[i]; ++k) mi[(size_t)(i * np + (k * 7 + i) % np)] = (int32_t)k;
    int64_t added = 0;
    for (int64_t j = 0; j < np && added < negl[i]; j += 5)
      if (mi[(size_t)(i * np + j)] == -1) { negv.push_back((int32_t)j); ++added; }
  }
  auto enc = rndf((size_t)(23 * np * 4), 21);
  TensorRef x = with_lod(make<float>({23, np, 4}, enc), go);
  auto o = call_all("target_assign", {x, make<int32_t>({3, np}, mi), TensorRef()});
  std::vector<double> eo, ew;
  for (int i = 0; i < 3; ++i)
    for (int64_t j = 0; j < np; ++j) {
      int id = mi[(size_t)(i * np + j)];
      for (int k = 0; k < 4; ++k) eo.push_back(id >= 0 ? enc[(size_t)(((go[i] + id) * np + j) * 4 + k)] : 0.0);
      ew.push_back(id >= 0 ? 1 : 0);
    }
  expect_values(o[0], eo, 0);
  expect_values(o[1], ew, 0);
  // Int labels [23,1,1] with NegIndices.
  std::vector<int32_t> labels(23);
  for (int i = 0; i < 23; ++i) labels[(size_t)i] = (i * 5) % 21;
  TensorRef lx = with_lod(make<int32_t>({23, 1, 1}, labels), go);
  TensorRef neg = with_lod(make<int32_t>({13, 1}, negv), offs_of(negl));
  auto l = call_all("target_assign", {lx, make<int32_t>({3, np}, mi), neg});
  std::vector<double> el, elw;
  auto no = offs_of(negl);
  for (int i = 0; i < 3; ++i)
    for (int64_t j = 0; j < np; ++j) {
      int id = mi[(size_t)(i * np + j)];
      bool isneg = false;
      for (int64_t r = no[i]; r < no[i + 1]; ++r) isneg = isneg || negv[(size_t)r] == j;
      el.push_back(id >= 0 ? labels[(size_t)(go[i] + id)] : 0);
      elw.push_back(id >= 0 || isneg ? 1 : 0);
    }
  expect_values(l[0], el, 0);
  expect_values(l[1], elw, 0);
}

TEST(SsdTargetAssign, Errors) {
  TensorRef x = with_lod(make<float>({3, 1, 1}, {1, 2, 3}), {0, 1, 3});
  expect_error([&] { call("target_assign", {make<float>({3, 1, 1}, {1, 2, 3}), make<int32_t>({2, 1}, {0, 0}), TensorRef()}); },
               PD_INVALID_ARGUMENT, "target_assign: input 'X' has no LoD");
  expect_error([&] { call("target_assign", {x, make<int32_t>({2, 1}, {0, 2}), TensorRef()}); },
               PD_OUT_OF_RANGE, "MatchIndices[1][0] = 2 is out of range; image 1 has 2 rows");
  expect_error([&] { call("target_assign", {x, make<int32_t>({3, 1}, {0, 0, 0}), TensorRef()}); },
               PD_INVALID_ARGUMENT, "X's LoD has 2 segments but MatchIndices has 3 rows");
  expect_error([&] { call("target_assign", {x, make<int64_t>({2, 1}, {0, 0}), TensorRef()}); },
               PD_INVALID_ARGUMENT, "input 'MatchIndices' has dtype int64; expected int32");
  expect_error([&] { call("target_assign", {x, make<int32_t>({2, 1}, {0, 0}), with_lod(make<int32_t>({1, 1}, {3}), {0, 1, 1})}); },
               PD_OUT_OF_RANGE, "NegIndices[0] = 3 is out of range");
  expect_error([&] { call("target_assign", {x, make<int32_t>({2, 1}, {0, 0}), with_lod(make<int32_t>({1, 1}, {0}), {0, 1})}); },
               PD_INVALID_ARGUMENT, "NegIndices' LoD has 1 segments but MatchIndices has 2 rows");
  expect_error([&] { call("target_assign", {make<float>({3, 1}, {1, 2, 3}), make<int32_t>({2, 1}, {0, 0}), TensorRef()}); },
               PD_INVALID_ARGUMENT, "input 'X' has rank 2");
}

// ================================================================ mine_hard_examples

TEST(SsdMine, MaxNegativeUnitCase) {
  TensorRef cls = make<double>({2, 3}, {0.1, 0.1, 0.3, 0.3, 0.1, 0.1});
  TensorRef loc = make<double>({2, 3}, {0.1, 0.2, 0.3, 0.3, 0.1, 0.2});
  TensorRef mi = make<int32_t>({2, 3}, {0, -1, -1, -1, 0, -1});
  TensorRef md = make<double>({2, 3}, {0.2, 0.4, 0.8, 0.1, 0.9, 0.3});
  auto o = call_all("mine_hard_examples", {cls, loc, mi, md},
                    {{"neg_pos_ratio", 1.0}, {"mining_type", "max_negative"}});
  expect_shape(o[0], {2, 1});
  expect_values(o[0], {1, 0}, 0);
  EXPECT_EQ(o[0]->lod, (std::vector<std::vector<int64_t>>{{0, 1, 2}}));
  expect_values(o[1], {0, -1, -1, -1, 0, -1}, 0);
}

TEST(SsdMine, HardExampleUnitCase) {
  TensorRef cls = make<double>({2, 3}, {0.5, 0.1, 0.3, 0.3, 0.1, 0.1});
  TensorRef loc = make<double>({2, 3}, {0.2, 0.2, 0.3, 0.3, 0.1, 0.2});
  TensorRef mi = make<int32_t>({2, 3}, {0, -1, -1, -1, 0, -1});
  TensorRef md = make<double>({2, 3}, {0.2, 0.4, 0.8, 0.1, 0.9, 0.3});
  auto o = call_all("mine_hard_examples", {cls, loc, mi, md},
                    {{"sample_size", (int64_t)2}, {"mining_type", "hard_example"}});
  expect_values(o[0], {2, 0, 2}, 0);
  EXPECT_EQ(o[0]->lod, (std::vector<std::vector<int64_t>>{{0, 1, 3}}));
  expect_values(o[1], {0, -1, -1, -1, -1, -1}, 0);
}

TEST(SsdMine, RatioTruncationAndNoPositives) {
  // 1 positive, ratio 2.5 -> 2 negatives, highest losses, emitted in ascending prior order.
  TensorRef cls = make<float>({2, 4}, {0.9f, 0.2f, 0.8f, 0.5f, 0.9f, 0.8f, 0.7f, 0.6f});
  TensorRef mi = make<int32_t>({2, 4}, {0, -1, -1, -1, -1, -1, -1, -1});
  TensorRef md = make<float>({2, 4}, {0.9f, 0, 0, 0, 0, 0, 0, 0});
  auto o = call_all("mine_hard_examples", {cls, TensorRef(), mi, md}, {{"neg_pos_ratio", 2.5}});
  expect_values(o[0], {2, 3}, 0);
  EXPECT_EQ(o[0]->lod, (std::vector<std::vector<int64_t>>{{0, 2, 2}}));
}

TEST(SsdMine, Errors) {
  TensorRef cls = make<float>({1, 2}, {0.1f, 0.2f});
  TensorRef mi = make<int32_t>({1, 2}, {0, -1});
  TensorRef md = make<float>({1, 2}, {0.1f, 0.2f});
  expect_error([&] { call("mine_hard_examples", {cls, TensorRef(), mi, md}, {{"neg_pos_ratio", 0.0}}); },
               PD_INVALID_ARGUMENT, "neg_pos_ratio is 0; expected neg_pos_ratio > 0");
  expect_error([&] { call("mine_hard_examples", {cls, TensorRef(), mi, md}, {{"neg_dist_threshold", 1.0}}); },
               PD_INVALID_ARGUMENT, "expected 0 < neg_dist_threshold < 1");
  expect_error([&] { call("mine_hard_examples", {cls, TensorRef(), mi, md}, {{"mining_type", "hard_example"}}); },
               PD_INVALID_ARGUMENT, "sample_size is 0; expected sample_size > 0");
  expect_error([&] { call("mine_hard_examples", {cls, TensorRef(), mi, md}, {{"mining_type", "other"}}); },
               PD_INVALID_ARGUMENT, "mining_type 'other' is not supported");
  expect_error([&] { call("mine_hard_examples", {cls, TensorRef(), make<int32_t>({2, 1}, {0, 0}), md}); },
               PD_INVALID_ARGUMENT, "input 'MatchIndices' has shape [2, 1] but ClsLoss has shape [1, 2]");
  expect_error([&] { call("mine_hard_examples", {make<float>({2}, {0, 0}), TensorRef(), mi, md}); },
               PD_INVALID_ARGUMENT, "input 'ClsLoss' has rank 1");
}

// ================================================================ box_coder

TEST(SsdBoxCoder, EncodeHand) {
  TensorRef prior = make<float>({1, 4}, {0, 0, 2, 2});
  TensorRef var = make<float>({1, 4}, {0.1f, 0.1f, 0.2f, 0.2f});
  TensorRef t = make<float>({1, 4}, {1, 1, 3, 5});
  expect_values(call("box_coder", {prior, var, t}), {5, 10, 0, std::log(2.0) / 0.2}, 1e-5);
  expect_values(call("box_coder", {prior, TensorRef(), t}), {0.5, 1, 0, std::log(2.0)}, 1e-6);
  // attr variance == tensor variance
  expect_values(call("box_coder", {prior, TensorRef(), t},
                     {{"variance", std::vector<double>{0.1, 0.1, 0.2, 0.2}}}),
                {5, 10, 0, std::log(2.0) / 0.2}, 1e-5);
  // pixel mode: prior width 3 (centre 1.5) but target centre without +1 (asymmetry).
  expect_values(call("box_coder", {prior, TensorRef(), t}, {{"box_normalized", false}}),
                {0.5 / 3, 1.5 / 3, 0, std::log(5.0 / 3.0)}, 1e-6);
}

TEST(SsdBoxCoder, RoundTripAndAxis) {
  // normalized encode -> decode (axis 0) reproduces every target against every prior.
  auto pv = rnd(12, 5), tv = rnd(8, 6);
  std::vector<double> prior, target;
  for (int i = 0; i < 3; ++i) {
    double x = pv[i * 4] * 0.5, y = pv[i * 4 + 1] * 0.5;
    prior.insert(prior.end(), {x, y, x + 0.2 + pv[i * 4 + 2] * 0.5, y + 0.2 + pv[i * 4 + 3] * 0.5});
  }
  for (int i = 0; i < 2; ++i) {
    double x = tv[i * 4] * 0.5, y = tv[i * 4 + 1] * 0.5;
    target.insert(target.end(), {x, y, x + 0.1 + tv[i * 4 + 2] * 0.5, y + 0.1 + tv[i * 4 + 3] * 0.5});
  }
  TensorRef p = make<double>({3, 4}, prior);
  TensorRef var = make<double>({3, 4}, {0.1, 0.1, 0.2, 0.2, 0.1, 0.2, 0.3, 0.4, 1, 1, 1, 1});
  TensorRef t = with_lod(make<double>({2, 4}, target), {0, 1, 2});
  TensorRef enc = call("box_coder", {p, var, t});
  expect_shape(enc, {2, 3, 4});
  EXPECT_EQ(enc->lod, t->lod);
  TensorRef dec = call("box_coder", {p, var, enc}, {{"code_type", "decode_center_size"}});
  std::vector<double> exp;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) exp.insert(exp.end(), target.begin() + i * 4, target.begin() + i * 4 + 4);
  expect_values(dec, exp, 1e-10);
  // axis = 1: prior i applies to row i of a [3, 2, 4] target; equals axis 0 on the transpose.
  auto ov = rnd(24, 7);
  TensorRef o1 = make<double>({3, 2, 4}, ov);
  std::vector<double> ot(24);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 2; ++j)
      for (int k = 0; k < 4; ++k) ot[(size_t)((j * 3 + i) * 4 + k)] = ov[(size_t)((i * 2 + j) * 4 + k)];
  TensorRef d1 = call("box_coder", {p, var, o1}, {{"code_type", "decode_center_size"}, {"axis", (int64_t)1}});
  TensorRef d0 = call("box_coder", {p, var, make<double>({2, 3, 4}, ot)}, {{"code_type", "decode_center_size"}});
  auto v1 = values(d1), v0 = values(d0);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 2; ++j)
      for (int k = 0; k < 4; ++k)
        EXPECT_NEAR(v1[(size_t)((i * 2 + j) * 4 + k)], v0[(size_t)((j * 3 + i) * 4 + k)], 1e-12);
}

TEST(SsdBoxCoder, DecodePixelHandAndNoVariance) {
  // prior [0,0,9,9] pixel: w = 10, centre 5; offsets [0.1, 0, ln 2, 0] without variance:
  // cx = 6, cy = 5, w = 20, h = 10 -> [-4, 0, 16 - 1, 10 - 1].
  TensorRef p = make<float>({1, 4}, {0, 0, 9, 9});
  TensorRef t = make<float>({1, 1, 4}, {0.1f, 0, (float)std::log(2.0), 0});
  expect_values(call("box_coder", {p, TensorRef(), t},
                     {{"code_type", "decode_center_size"}, {"box_normalized", false}}),
                {-4, 0, 15, 9}, 1e-5);
  // list variance on float64 is cast properly (Paddle reinterprets it).
  TensorRef pd64 = make<double>({1, 4}, {0, 0, 9, 9});
  TensorRef t64 = make<double>({1, 1, 4}, {1, 0, 0, 0});
  expect_values(call("box_coder", {pd64, TensorRef(), t64},
                     {{"code_type", "decode_center_size"}, {"box_normalized", false},
                      {"variance", std::vector<double>{0.1, 0.1, 0.2, 0.2}}}),
                {1, 0, 10, 9}, 1e-12);
}

TEST(SsdBoxCoder, UnitTestShapes) {
  // test_box_coder_op.py shapes: decode [20,81,4] vs 81 priors; encode LoD [10,20,20].
  TensorRef p81 = make<float>({81, 4}, rndf(324, 1));
  TensorRef v81 = make<float>({81, 4}, rndf(324, 2));
  expect_shape(call("box_coder", {p81, v81, make<float>({20, 81, 4}, rndf(20 * 81 * 4, 3))},
                    {{"code_type", "decode_center_size"}, {"box_normalized", false}}),
               {20, 81, 4});
  TensorRef t50 = with_lod(make<float>({50, 4}, rndf(200, 4)), offs_of({10, 20, 20}));
  TensorRef e = call("box_coder", {make<float>({20, 4}, rndf(80, 5)), make<float>({20, 4}, rndf(80, 6)), t50});
  expect_shape(e, {50, 20, 4});
  EXPECT_EQ(e->lod, t50->lod);
  TensorRef p30 = with_lod(make<float>({30, 4}, rndf(120, 7)), offs_of({10, 20}));
  TensorRef d = call("box_coder", {p30, TensorRef(), make<float>({30, 81, 4}, rndf(30 * 81 * 4, 8))},
                     {{"code_type", "decode_center_size"}, {"axis", (int64_t)1},
                      {"variance", std::vector<double>{0.1, 0.2, 0.3, 0.4}}});
  expect_shape(d, {30, 81, 4});
  EXPECT_EQ(d->lod, p30->lod);
}

TEST(SsdBoxCoder, Errors) {
  TensorRef p = make<float>({2, 4}, rndf(8, 1));
  TensorRef v = make<float>({2, 4}, rndf(8, 2));
  TensorRef t = make<float>({3, 4}, rndf(12, 3));
  expect_error([&] { call("box_coder", {p, v, t}, {{"variance", std::vector<double>{1, 1, 1, 1}}}); },
               PD_INVALID_ARGUMENT, "both the PriorBoxVar input and the variance attribute are given");
  expect_error([&] { call("box_coder", {p, TensorRef(), t}, {{"variance", std::vector<double>{1, 1, 1}}}); },
               PD_INVALID_ARGUMENT, "box_coder: variance has 3 values; expected 4");
  expect_error([&] { call("box_coder", {p, make<float>({3, 4}, rndf(12, 2)), t}); },
               PD_INVALID_ARGUMENT, "PriorBoxVar has shape [3, 4] but PriorBox has shape [2, 4]");
  expect_error([&] { call("box_coder", {p, v, t}, {{"code_type", "decode_center_size"}}); },
               PD_INVALID_ARGUMENT, "expected rank 3 [R, C, 4] for decode_center_size");
  expect_error([&] { call("box_coder", {p, v, make<float>({3, 3, 4}, rndf(36, 1))}, {{"code_type", "decode_center_size"}}); },
               PD_INVALID_ARGUMENT, "expected dimension 1 of TargetBox to be 2 when axis is 0");
  expect_error([&] { call("box_coder", {p, v, make<float>({3, 2, 4}, rndf(24, 1))}, {{"code_type", "decode_center_size"}, {"axis", (int64_t)2}}); },
               PD_INVALID_ARGUMENT, "box_coder: axis is 2; expected 0 or 1");
  expect_error([&] { call("box_coder", {p, v, t}, {{"code_type", "center"}}); },
               PD_INVALID_ARGUMENT, "code_type 'center' is not supported");
  expect_error([&] { call("box_coder", {make<float>({2, 5}, rndf(10, 1)), TensorRef(), t}); },
               PD_INVALID_ARGUMENT, "input 'PriorBox' has shape [2, 5]");
}

// ================================================================ smooth_l1_loss

TEST(SsdSmoothL1, UnitTestCase) {
  auto xv = rnd(100, 31), yv = rnd(100, 32), iw = rnd(100, 33), ow = rnd(100, 34);
  for (bool weights : {false, true}) {
    TensorRef x = make<double>({5, 20}, xv), y = make<double>({5, 20}, yv);
    auto o = weights ? call_all("smooth_l1_loss", {x, y, make<double>({5, 20}, iw), make<double>({5, 20}, ow)}, {{"sigma", 3.0}})
                     : call_all("smooth_l1_loss", {x, y, TensorRef(), TensorRef()}, {{"sigma", 3.0}});
    expect_shape(o[1], {5, 1});
    std::vector<double> diff, out(5, 0);
    for (int i = 0; i < 100; ++i) {
      double d = (xv[i] - yv[i]) * (weights ? iw[i] : 1);
      diff.push_back(d);
      double f = std::fabs(d) < 1.0 / 9 ? 0.5 * 9 * d * d : std::fabs(d) - 0.5 / 9;
      out[(size_t)(i / 20)] += f * (weights ? ow[i] : 1);
    }
    expect_values(o[0], diff, 1e-12);
    expect_values(o[1], out, 1e-12);
  }
  // float32, rank 3 input (summed over all non-leading dims).
  TensorRef f = call_all("smooth_l1_loss", {make<float>({2, 2, 2}, {0, 3, 0.5f, 0, 0, 0, 0, -2}),
                                            make<float>({2, 2, 2}, {0, 0, 0, 0, 0, 0, 0, 0}),
                                            TensorRef(), TensorRef()})[1];
  expect_shape(f, {2, 1});
  expect_values(f, {2.5 + 0.125, 1.5}, 1e-6);
}

TEST(SsdSmoothL1, Gradients) {
  auto xv = rnd(12, 41), yv = rnd(12, 42), iw = rnd(12, 43), ow = rnd(12, 44);
  for (auto& v : xv) v = v * 4 - 2;
  auto f = [](const std::vector<TensorRef>& in) {
    return call_all("smooth_l1_loss", {in[0], in[1], TensorRef(), TensorRef()}, {{"sigma", 1.5}})[1];
  };
  check_gradients(f, {make<double>({3, 4}, xv), make<double>({3, 4}, yv)});
  TensorRef iwt = make<double>({3, 4}, iw), owt = make<double>({3, 4}, ow);
  auto fw = [&](const std::vector<TensorRef>& in) {
    return call_all("smooth_l1_loss", {in[0], in[1], iwt, owt}, {{"sigma", 3.0}})[1];
  };
  check_gradients(fw, {make<double>({3, 4}, xv), make<double>({3, 4}, yv)});
  check_gradients(fw, {make<double>({3, 4}, xv), make<double>({3, 4}, yv)}, 1e-6, 1e-5, {0});
  check_gradients(fw, {make<double>({3, 4}, xv), make<double>({3, 4}, yv)}, 1e-6, 1e-5, {1});
}

TEST(SsdSmoothL1, Errors) {
  TensorRef x = make<float>({2, 2}, {0, 0, 0, 0});
  expect_error([] { call("smooth_l1_loss", {make<float>({2}, {0, 0}), make<float>({2}, {0, 0}), TensorRef(), TensorRef()}); },
               PD_INVALID_ARGUMENT, "smooth_l1_loss: X has rank 1 (shape [2]); expected rank >= 2");
  expect_error([&] { call("smooth_l1_loss", {x, make<float>({2, 1}, {0, 0}), TensorRef(), TensorRef()}); },
               PD_INVALID_ARGUMENT, "Y has shape [2, 1] but X has shape [2, 2]");
  expect_error([&] { call("smooth_l1_loss", {x, x, x, TensorRef()}); },
               PD_INVALID_ARGUMENT, "only InsideWeight is given");
  expect_error([&] { call("smooth_l1_loss", {x, x, x, make<float>({4, 1}, {0, 0, 0, 0})}); },
               PD_INVALID_ARGUMENT, "input 'OutsideWeight' has shape [4, 1]");
  expect_error([&] { call("smooth_l1_loss", {make<int32_t>({1, 1}, {0}), make<int32_t>({1, 1}, {0}), TensorRef(), TensorRef()}); },
               PD_INVALID_ARGUMENT, "has dtype int32");
}

// ================================================================ prior_box

namespace {
std::vector<NamedAttr> pb_attrs(bool with_max, bool order) {
  std::vector<NamedAttr> a = {{"min_sizes", std::vector<double>{2, 4}},
                              {"aspect_ratios", std::vector<double>{2, 3}},
                              {"variances", std::vector<double>{0.1, 0.1, 0.2, 0.2}},
                              {"flip", true}, {"clip", true},
                              {"step_w", 1.25}, {"step_h", 1.25}, {"offset", 0.5},
                              {"min_max_aspect_ratios_order", order}};
  if (with_max) a.push_back({"max_sizes", std::vector<double>{5, 10}});
  return a;
}
std::vector<double> box_at(const TensorRef& t, int64_t h, int64_t w, int64_t p) {
  auto v = values(t);
  const int64_t np = t->dims[2], wf = t->dims[1];
  size_t base = (size_t)(((h * wf + w) * np + p) * 4);
  return {v[base], v[base + 1], v[base + 2], v[base + 3]};
}
}  // namespace

TEST(SsdPriorBox, UnitTestCase) {
  TensorRef in = empty_tensor(DType::Float32, {10, 2, 32, 32});
  TensorRef im = empty_tensor(DType::Float32, {10, 3, 40, 40});
  auto o = call_all("prior_box", {in, im}, pb_attrs(true, false));
  expect_shape(o[0], {32, 32, 12, 4});
  expect_shape(o[1], {32, 32, 12, 4});
  // cell (h=10, w=20): centre (25.625, 13.125); min 2, ar 1 -> half size 1.
  auto b = box_at(o[0], 10, 20, 0);
  std::vector<double> e = {24.625 / 40, 12.125 / 40, 26.625 / 40, 14.125 / 40};
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(b[k], e[k], 1e-6);
  // prior 1: ar 2 -> half sizes (sqrt2, 1/sqrt2); prior 5: max square sqrt(10)/2.
  b = box_at(o[0], 10, 20, 1);
  EXPECT_NEAR(b[2], (25.625 + std::sqrt(2.0)) / 40, 1e-6);
  EXPECT_NEAR(b[3], (13.125 + std::sqrt(0.5)) / 40, 1e-6);
  b = box_at(o[0], 10, 20, 5);
  EXPECT_NEAR(b[0], (25.625 - std::sqrt(10.0) / 2) / 40, 1e-6);
  // prior 6: min 4, ar 1.
  b = box_at(o[0], 10, 20, 6);
  EXPECT_NEAR(b[0], 23.625 / 40, 1e-6);
  // clipped corner at cell (0,0).
  b = box_at(o[0], 0, 0, 0);
  EXPECT_EQ(b[0], 0.0);
  EXPECT_NEAR(b[2], 1.625 / 40, 1e-6);
  auto vv = box_at(o[1], 31, 31, 11);
  EXPECT_NEAR(vv[0], 0.1, 1e-7);
  EXPECT_NEAR(vv[3], 0.2, 1e-7);
  // Caffe order: [min, max, ar2, 1/2, 3, 1/3].
  auto c = call_all("prior_box", {in, im}, pb_attrs(true, true));
  b = box_at(c[0], 10, 20, 1);
  EXPECT_NEAR(b[0], (25.625 - std::sqrt(10.0) / 2) / 40, 1e-6);
  b = box_at(c[0], 10, 20, 2);
  EXPECT_NEAR(b[2], (25.625 + std::sqrt(2.0)) / 40, 1e-6);
  // Without max sizes: 10 priors.
  expect_shape(call("prior_box", {in, im}, pb_attrs(false, false)), {32, 32, 10, 4});
}

TEST(SsdPriorBox, DocsExampleShapeAndDefaultSteps) {
  // fluid docs: input [N,3,6,9], image [N,3,9,12], min_sizes [100], clip, flip -> [6,9,1,4].
  TensorRef in = empty_tensor(DType::Float64, {1, 3, 6, 9});
  TensorRef im = empty_tensor(DType::Float64, {1, 3, 9, 12});
  auto o = call_all("prior_box", {in, im}, {{"min_sizes", std::vector<double>{100}}});
  expect_shape(o[0], {6, 9, 1, 4});
  EXPECT_EQ(o[0]->dtype, DType::Float64);
  // steps 0 -> 12/9 and 9/6; no clip: cell (1, 2) centre (2.5*4/3, 1.5*1.5), half size 50.
  auto n = call_all("prior_box", {in, im}, {{"min_sizes", std::vector<double>{100}}, {"clip", false}});
  auto b = box_at(n[0], 1, 2, 0);
  const double cx = 2.5 * 12.0 / 9.0, cy = 1.5 * 1.5;
  std::vector<double> e = {(cx - 50) / 12, (cy - 50) / 9, (cx + 50) / 12, (cy + 50) / 9};
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(b[k], e[k], 1e-12);
}

TEST(SsdPriorBox, Errors) {
  TensorRef in = empty_tensor(DType::Float32, {1, 1, 2, 2});
  TensorRef im = empty_tensor(DType::Float32, {1, 1, 8, 8});
  expect_error([&] { call("prior_box", {in, im}); }, PD_INVALID_ARGUMENT,
               "prior_box: min_sizes is empty");
  expect_error([&] { call("prior_box", {in, im}, {{"min_sizes", std::vector<double>{-2}}}); },
               PD_INVALID_ARGUMENT, "min_size -2 is not positive");
  expect_error([&] { call("prior_box", {in, im}, {{"min_sizes", std::vector<double>{2}}, {"max_sizes", std::vector<double>{1}}}); },
               PD_INVALID_ARGUMENT, "max_size 1 is not greater than min_size 2");
  expect_error([&] { call("prior_box", {in, im}, {{"min_sizes", std::vector<double>{2}}, {"max_sizes", std::vector<double>{3, 4}}}); },
               PD_INVALID_ARGUMENT, "max_sizes has 2 values but min_sizes has 1");
  expect_error([&] { call("prior_box", {in, im}, {{"min_sizes", std::vector<double>{2}}, {"variances", std::vector<double>{0.1, 0.1, 0.2}}}); },
               PD_INVALID_ARGUMENT, "variances has 3 values; expected 4");
  expect_error([&] { call("prior_box", {empty_tensor(DType::Float32, {1, 2, 2}), im}, {{"min_sizes", std::vector<double>{2}}}); },
               PD_INVALID_ARGUMENT, "prior_box: input 'Input' has rank 3");
  expect_error([&] { call("prior_box", {in, empty_tensor(DType::Float32, {1, 1, 0, 8})}, {{"min_sizes", std::vector<double>{2}}}); },
               PD_INVALID_ARGUMENT, "expected a positive height and width");
  expect_error([&] { call("prior_box", {in, im}, {{"min_sizes", std::vector<double>{2}}, {"step_w", -1.0}}); },
               PD_INVALID_ARGUMENT, "are negative");
}

// ================================================================ density_prior_box

TEST(SsdDensityPriorBox, HandCase) {
  // 1x1 layer on an 8x8 image, density 2, size 4: step 8, shift 4, centres 2 and 6.
  auto o = call_all("density_prior_box", {empty_tensor(DType::Float32, {1, 1, 1, 1}),
                                          empty_tensor(DType::Float32, {1, 1, 8, 8})},
                    {{"fixed_sizes", std::vector<double>{4}}, {"fixed_ratios", std::vector<double>{1}},
                     {"densities", std::vector<int64_t>{2}}, {"clip", false}});
  expect_shape(o[0], {1, 1, 4, 4});
  expect_values(o[0], {0, 0, 0.5, 0.5, 0.5, 0, 1, 0.5, 0, 0.5, 0.5, 1, 0.5, 0.5, 1, 1}, 1e-7);
  expect_values(o[1], {0.1, 0.1, 0.2, 0.2, 0.1, 0.1, 0.2, 0.2, 0.1, 0.1, 0.2, 0.2, 0.1, 0.1, 0.2, 0.2}, 1e-7);
}

TEST(SsdDensityPriorBox, UnitTestShapes) {
  auto a = call_all("density_prior_box", {empty_tensor(DType::Float32, {1, 1, 17, 17}),
                                          empty_tensor(DType::Float32, {1, 1, 533, 533})},
                    {{"fixed_sizes", std::vector<double>{32, 64, 128}}, {"fixed_ratios", std::vector<double>{1}},
                     {"densities", std::vector<int64_t>{4, 2, 1}}, {"clip", true}});
  expect_shape(a[0], {17, 17, 21, 4});
  for (double v : values(a[0])) ASSERT_TRUE(v >= 0 && v <= 1);
  auto b = call_all("density_prior_box", {empty_tensor(DType::Float64, {1, 1, 32, 32}),
                                          empty_tensor(DType::Float64, {1, 1, 40, 40})},
                    {{"fixed_sizes", std::vector<double>{1, 2}}, {"fixed_ratios", std::vector<double>{1}},
                     {"densities", std::vector<int64_t>{3, 4}}, {"flatten_to_2d", true}});
  expect_shape(b[0], {32 * 32 * 25, 4});
  expect_shape(b[1], {32 * 32 * 25, 4});
}

TEST(SsdDensityPriorBox, Errors) {
  TensorRef in = empty_tensor(DType::Float32, {1, 1, 2, 2});
  TensorRef im = empty_tensor(DType::Float32, {1, 1, 8, 8});
  expect_error([&] { call("density_prior_box", {in, im}, {{"fixed_sizes", std::vector<double>{4, 8}}, {"fixed_ratios", std::vector<double>{1}}, {"densities", std::vector<int64_t>{2}}}); },
               PD_INVALID_ARGUMENT, "fixed_sizes has 2 values but densities has 1");
  expect_error([&] { call("density_prior_box", {in, im}, {{"fixed_sizes", std::vector<double>{4}}, {"fixed_ratios", std::vector<double>{1}}, {"densities", std::vector<int64_t>{0}}}); },
               PD_INVALID_ARGUMENT, "density 0 is out of range");
  expect_error([&] { call("density_prior_box", {in, im}, {{"fixed_sizes", std::vector<double>{-4}}, {"fixed_ratios", std::vector<double>{1}}, {"densities", std::vector<int64_t>{1}}}); },
               PD_INVALID_ARGUMENT, "fixed_size -4 is not positive");
  expect_error([&] { call("density_prior_box", {in, im}, {{"fixed_sizes", std::vector<double>{4}}, {"fixed_ratios", std::vector<double>{0}}, {"densities", std::vector<int64_t>{1}}}); },
               PD_INVALID_ARGUMENT, "fixed_ratio 0 is not positive");
}
