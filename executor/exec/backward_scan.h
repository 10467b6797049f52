// Which plans PostgreSQL could run backward (execAmi.c's ExecSupportsBackwardScan). Hyrax
// runs no plan backward — a cursor keeps the rows it read (scroll_store.h) — but the answer
// decides, as in PostgreSQL, whether a cursor declared without SCROLL may move backward.
#pragma once

#include "nodes/plannodes.h"

namespace hyrax::executor {

// True when every node of `plan` could return its rows in reverse order: scans of tables,
// btree indexes, functions, VALUES and CTEs, Material, Sort, and Result/Limit/LockRows/
// SubqueryScan/Append over such nodes. Joins, aggregation, parallel-aware nodes and a
// Result without input cannot.
bool ExecSupportsBackwardScan(const nodes::Plan& plan);

}  // namespace hyrax::executor
