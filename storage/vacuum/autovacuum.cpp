// Autovacuum's analyze rule and request slot (see autovacuum.h).
#include "storage/vacuum/autovacuum.h"

#include <algorithm>
#include <atomic>
#include <new>

#include "common/shmem/shmem.h"
#include "storage/vacuum/relation_stats.h"

namespace hyrax::storage {

bool g_autovacuum = true;
int g_autovacuum_naptime_s = 60;
int g_autovacuum_analyze_threshold = 50;
double g_autovacuum_analyze_scale_factor = 0.1;

namespace {

struct RequestShared {
  std::atomic<Oid> db_oid;
};

RequestShared* g_request = nullptr;

}  // namespace

bool AnalyzeThresholdExceeded(double mod_since_analyze, double reltuples) {
  const double threshold =
      g_autovacuum_analyze_threshold + g_autovacuum_analyze_scale_factor * std::max(reltuples, 0.0);
  return mod_since_analyze > threshold;
}

std::vector<Oid> DatabasesNeedingAnalyze() {
  std::vector<Oid> dbs;
  for (const RelationCountsEntry& entry : RelationStats::Snapshot()) {
    // Shared catalogs (db 0) are analyzed from whichever database, like PostgreSQL's; they
    // do not make a database worth a worker on their own.
    if (entry.db_oid == kInvalidOid) continue;
    if (!AnalyzeThresholdExceeded(static_cast<double>(entry.counts.modified_since_analyze),
                                  entry.counts.reltuples)) {
      continue;
    }
    if (std::find(dbs.begin(), dbs.end(), entry.db_oid) == dbs.end()) dbs.push_back(entry.db_oid);
  }
  std::sort(dbs.begin(), dbs.end());
  return dbs;
}

size_t AutovacuumRequest::ShmemSize() {
  return sizeof(RequestShared);
}

void AutovacuumRequest::ShmemInit() {
  bool found = false;
  void* area = shmem::InitStruct("Autovacuum Request", sizeof(RequestShared), &found);
  if (!found) {
    auto* shared = new (area) RequestShared();
    shared->db_oid.store(kInvalidOid);
  }
  g_request = static_cast<RequestShared*>(area);
}

void AutovacuumRequest::Set(Oid db_oid) {
  if (g_request != nullptr) g_request->db_oid.store(db_oid);
}

Oid AutovacuumRequest::Take() {
  return g_request != nullptr ? g_request->db_oid.exchange(kInvalidOid) : kInvalidOid;
}

}  // namespace hyrax::storage
