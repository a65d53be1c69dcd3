// Box arithmetic shared by every detection op (CPU loops here, CUDA launchers later). Two IoU
// flavours exist in Paddle and both are kept exactly: the NMS one (early 0 for disjoint boxes,
// no epsilon) and iou_similarity's (clamped overlap, +1e-10 in the denominator).
// `normalized = false` is the "+1 pixel" convention: widths and heights get +1.
#pragma once
#include "core/float16.h"

namespace pd {

// Area of [xmin, ymin, xmax, ymax]; 0 for an inverted box.
template <typename T>
PD_HOSTDEVICE inline T bbox_area(const T* b, bool normalized) {
  if (b[2] < b[0] || b[3] < b[1]) return T(0);
  const T w = b[2] - b[0], h = b[3] - b[1];
  return normalized ? w * h : (w + T(1)) * (h + T(1));
}

// IoU as multiclass_nms / matrix_nms compute it (Paddle's JaccardOverlap).
template <typename T>
PD_HOSTDEVICE inline T jaccard_overlap(const T* a, const T* b, bool normalized) {
  if (b[0] > a[2] || b[2] < a[0] || b[1] > a[3] || b[3] < a[1]) return T(0);
  const T off = normalized ? T(0) : T(1);
  const T ix0 = a[0] > b[0] ? a[0] : b[0];
  const T iy0 = a[1] > b[1] ? a[1] : b[1];
  const T ix1 = a[2] < b[2] ? a[2] : b[2];
  const T iy1 = a[3] < b[3] ? a[3] : b[3];
  const T inter = (ix1 - ix0 + off) * (iy1 - iy0 + off);
  return inter / (bbox_area(a, normalized) + bbox_area(b, normalized) - inter);
}

// IoU as iou_similarity computes it: overlap clamped at 0, areas not validated, +1e-10.
template <typename T>
PD_HOSTDEVICE inline T iou_similarity_pair(const T* a, const T* b, bool normalized) {
  const T off = normalized ? T(0) : T(1);
  const T area_a = (a[2] - a[0] + off) * (a[3] - a[1] + off);
  const T area_b = (b[2] - b[0] + off) * (b[3] - b[1] + off);
  const T ix0 = a[0] > b[0] ? a[0] : b[0];
  const T iy0 = a[1] > b[1] ? a[1] : b[1];
  const T ix1 = a[2] < b[2] ? a[2] : b[2];
  const T iy1 = a[3] < b[3] ? a[3] : b[3];
  T iw = ix1 - ix0 + off, ih = iy1 - iy0 + off;
  iw = iw > T(0) ? iw : T(0);
  ih = ih > T(0) ? ih : T(0);
  const T inter = iw * ih;
  return inter / (area_a + area_b - inter + T(1e-10));
}

}  // namespace pd
