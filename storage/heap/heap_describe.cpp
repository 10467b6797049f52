// One-line descriptions of heap WAL records for debugging and a future waldump, in the
// spirit of PostgreSQL's heapdesc.c ("off 3 flags 0x00").
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "storage/heap/heap_wal.h"
#include "storage/vm/vm_wal.h"
#include "wal/record/decoded_record.h"

namespace hyrax::storage {
namespace {

template <typename T>
bool Read(const wal::DecodedRecord& record, T* out) {
  if (record.main_data().size() < sizeof(T)) return false;
  std::memcpy(out, record.main_data().data(), sizeof(T));
  return true;
}

}  // namespace

std::string HeapDescribe(const wal::DecodedRecord& record) {
  uint8_t info = record.info();
  std::string init = (info & heapwal::kInitPage) ? "+INIT" : "";
  switch (info & heapwal::kOpMask) {
    case heapwal::kInsert: {
      heapwal::Insert rec;
      if (!Read(record, &rec)) break;
      return fmt::format("INSERT{} off {} flags 0x{:02X}", init, rec.offnum, rec.flags);
    }
    case heapwal::kMultiInsert: {
      heapwal::MultiInsert rec;
      if (!Read(record, &rec)) break;
      return fmt::format("MULTI_INSERT{} {} tuples flags 0x{:02X}", init, rec.ntuples, rec.flags);
    }
    case heapwal::kDelete: {
      heapwal::Delete rec;
      if (!Read(record, &rec)) break;
      return fmt::format("DELETE off {} xmax {} flags 0x{:02X} infobits 0x{:02X}", rec.offnum,
                         rec.xmax, rec.flags, rec.infobits_set);
    }
    case heapwal::kUpdate: {
      heapwal::Update rec;
      if (!Read(record, &rec)) break;
      return fmt::format("{}{} off {} xmax {} flags 0x{:02X} infobits 0x{:02X}; new off {} xmax {}",
                         (rec.flags & heapwal::kHotUpdate) ? "HOT_UPDATE" : "UPDATE", init,
                         rec.old_offnum, rec.old_xmax, rec.flags, rec.old_infobits_set,
                         rec.new_offnum, rec.new_xmax);
    }
    case heapwal::kLock: {
      heapwal::Lock rec;
      if (!Read(record, &rec)) break;
      return fmt::format("LOCK off {} xid {} flags 0x{:02X} infobits 0x{:02X}", rec.offnum,
                         rec.locking_xid, rec.flags, rec.infobits_set);
    }
    case heapwal::kPrune: {
      heapwal::Prune rec;
      if (!Read(record, &rec)) break;
      return fmt::format("PRUNE nredirected {} ndead {} nunused {} new_prune_xid {}",
                         rec.nredirected, rec.ndead, rec.nunused, rec.new_prune_xid);
    }
    case heapwal::kFreezePage: {
      heapwal::FreezePage rec;
      if (!Read(record, &rec)) break;
      return fmt::format("FREEZE_PAGE cutoff xid {} ntuples {}", rec.cutoff_xid, rec.ntuples);
    }
    case heapwal::kVisible: {
      vmwal::Visible rec;
      if (!Read(record, &rec)) break;
      return fmt::format("VISIBLE cutoff xid {} flags 0x{:02X}", rec.cutoff_xid, rec.flags);
    }
    default:
      break;
  }
  return fmt::format("UNKNOWN heap record info 0x{:02X}", info);
}

}  // namespace hyrax::storage
