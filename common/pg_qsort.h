// The quicksort PostgreSQL's list_sort and qsort run (Bentley & McIlroy's "Engineering a
// Sort Function" with an insertion sort below 7 elements and an early return for sorted
// input). It is not stable, so where equal elements end up depends on the algorithm: the
// executor's in-memory sorts (executor/exec/tuplesort.cpp) use it so that rows with equal
// keys come out in PostgreSQL's order, and grouping sets (planner/prep/grouping_sets.cpp)
// so that sets of equal size land where PostgreSQL puts them.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace hyrax {

namespace pg_qsort_detail {

template <typename T, typename Cmp>
size_t Median3(const std::vector<T>& v, size_t a, size_t b, size_t c, Cmp& cmp) {
  if (cmp(v[a], v[b]) < 0) {
    if (cmp(v[b], v[c]) < 0) return b;
    return cmp(v[a], v[c]) < 0 ? c : a;
  }
  if (cmp(v[b], v[c]) > 0) return b;
  return cmp(v[a], v[c]) < 0 ? a : c;
}

template <typename T>
void SwapRange(std::vector<T>& v, size_t a, size_t b, size_t n) {
  for (size_t i = 0; i < n; ++i) std::swap(v[a + i], v[b + i]);
}

// Sorts v[lo, lo + n).
template <typename T, typename Cmp>
void Sort(std::vector<T>& v, size_t lo, size_t n, Cmp& cmp) {
  for (;;) {
    if (n < 7) {
      for (size_t m = lo + 1; m < lo + n; ++m) {
        for (size_t l = m; l > lo && cmp(v[l - 1], v[l]) > 0; --l) std::swap(v[l], v[l - 1]);
      }
      return;
    }
    bool presorted = true;
    for (size_t m = lo + 1; m < lo + n && presorted; ++m) presorted = cmp(v[m - 1], v[m]) <= 0;
    if (presorted) return;
    size_t pm = lo + n / 2;
    if (n > 7) {
      size_t pl = lo;
      size_t pn = lo + n - 1;
      if (n > 40) {
        size_t d = n / 8;
        pl = Median3(v, pl, pl + d, pl + 2 * d, cmp);
        pm = Median3(v, pm - d, pm, pm + d, cmp);
        pn = Median3(v, pn - 2 * d, pn - d, pn, cmp);
      }
      pm = Median3(v, pl, pm, pn, cmp);
    }
    std::swap(v[lo], v[pm]);
    // Three-way partition around v[lo]: equal elements gather at both ends first.
    size_t pa = lo + 1, pb = lo + 1;
    ptrdiff_t pc = static_cast<ptrdiff_t>(lo + n - 1), pd = pc;
    for (;;) {
      int r;
      while (static_cast<ptrdiff_t>(pb) <= pc && (r = cmp(v[pb], v[lo])) <= 0) {
        if (r == 0) std::swap(v[pa++], v[pb]);
        ++pb;
      }
      while (static_cast<ptrdiff_t>(pb) <= pc && (r = cmp(v[pc], v[lo])) >= 0) {
        if (r == 0) std::swap(v[pc], v[pd--]);
        --pc;
      }
      if (static_cast<ptrdiff_t>(pb) > pc) break;
      std::swap(v[pb++], v[pc--]);
    }
    size_t end = lo + n;
    size_t d1 = std::min(pa - lo, pb - pa);
    SwapRange(v, lo, pb - d1, d1);
    size_t upper_eq = static_cast<size_t>(pd - pc);
    size_t d2 = std::min(upper_eq, end - static_cast<size_t>(pd) - 1);
    SwapRange(v, pb, end - d2, d2);
    size_t left = pb - pa;
    size_t right = upper_eq;
    if (left <= right) {
      if (left > 1) Sort(v, lo, left, cmp);
      if (right <= 1) return;
      lo = end - right;
      n = right;
    } else {
      if (right > 1) Sort(v, end - right, right, cmp);
      if (left <= 1) return;
      n = left;
    }
  }
}

}  // namespace pg_qsort_detail

// Sorts `v` as PostgreSQL's qsort would; cmp(a, b) returns <0, 0 or >0.
template <typename T, typename Cmp>
void PgQsort(std::vector<T>& v, Cmp cmp) {
  if (v.size() > 1) pg_qsort_detail::Sort(v, 0, v.size(), cmp);
}

}  // namespace hyrax
