// Human-readable btree WAL records (PostgreSQL's btree_desc) and page masking for
// comparing replayed pages with originals (btree_mask). README "WAL records".
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "storage/btree/btree.h"
#include "storage/btree/btree_page.h"
#include "storage/btree/btree_wal.h"
#include "wal/record/decoded_record.h"

namespace hyrax::storage {

namespace btree {

namespace {

template <typename T>
bool ReadMain(const wal::DecodedRecord& record, T* out) {
  if (record.main_data().size() != sizeof(T)) return false;
  std::memcpy(out, record.main_data().data(), sizeof(T));
  return true;
}

std::string Blocks(const wal::DecodedRecord& record) {
  std::string out;
  for (int block_id = 0; block_id <= record.max_block_id(); ++block_id) {
    if (!record.HasBlock(block_id)) continue;
    const wal::DecodedBlock& block = record.block(block_id);
    out += fmt::format("; blk {}: rel {}/{}/{} blk {}{}", block_id, block.ref.locator.spc_oid,
                       block.ref.locator.db_oid, block.ref.locator.rel_number, block.ref.block,
                       block.has_image ? " FPW" : "");
  }
  return out;
}

}  // namespace

std::string DescribeBtreeRecord(const wal::DecodedRecord& record) {
  std::string head;
  switch (record.info()) {
    case kXlogBtreeInsertLeaf:
    case kXlogBtreeInsertUpper: {
      XlBtreeInsert xlrec;
      if (!ReadMain(record, &xlrec)) return "malformed insert record";
      head = fmt::format("{}: off {}",
                         record.info() == kXlogBtreeInsertLeaf ? "INSERT_LEAF" : "INSERT_UPPER",
                         xlrec.offnum);
      break;
    }
    case kXlogBtreeSplitL:
    case kXlogBtreeSplitR: {
      XlBtreeSplit xlrec;
      if (!ReadMain(record, &xlrec)) return "malformed split record";
      head = fmt::format("{}: level {}, firstrightoff {}, newitemoff {}",
                         record.info() == kXlogBtreeSplitL ? "SPLIT_L" : "SPLIT_R", xlrec.level,
                         xlrec.firstrightoff, xlrec.newitemoff);
      break;
    }
    case kXlogBtreeNewRoot: {
      XlBtreeNewRoot xlrec;
      if (!ReadMain(record, &xlrec)) return "malformed new-root record";
      head = fmt::format("NEWROOT: root {}, level {}", xlrec.rootblk, xlrec.level);
      break;
    }
    case kXlogBtreeVacuum:
    case kXlogBtreeDelete: {
      XlBtreeVacuum xlrec;
      if (!ReadMain(record, &xlrec)) return "malformed delete record";
      head = fmt::format("{}: ndeleted {}", record.info() == kXlogBtreeVacuum ? "VACUUM" : "DELETE",
                         xlrec.ndeleted);
      break;
    }
    default:
      return fmt::format("UNKNOWN ({:#x})", record.info());
  }
  return head + Blocks(record);
}

}  // namespace btree

void BtreeMaskPage(char* page) {
  using namespace btree;
  PageHeaderData* header = GetPageHeader(page);
  header->pd_lsn = 0;
  header->pd_checksum = 0;
  if (PageIsNew(page)) return;
  // Hints: prune xid and the page-full / free-lines / all-visible flags.
  header->pd_prune_xid = 0;
  header->pd_flags &= static_cast<uint16_t>(~(kPdPageFull | kPdHasFreeLines | kPdAllVisible));
  // Unused space between the line pointers and the items.
  if (header->pd_lower >= page_layout::kHeaderSize && header->pd_lower <= header->pd_upper &&
      header->pd_upper <= kBlockSize) {
    std::memset(page + header->pd_lower, 0, header->pd_upper - header->pd_lower);
  }
  if (kBlockSize - header->pd_special != sizeof(BtPageOpaqueData)) return;
  BtPageOpaqueData* opaque = Opaque(page);
  if (IsLeaf(opaque)) {
    // LP_DEAD may be set on leaf items without WAL (PostgreSQL's kill_prior_tuple).
    const OffsetNumber maxoff = PageGetMaxOffsetNumber(page);
    for (OffsetNumber off = kFirstOffsetNumber; off <= maxoff; ++off) {
      ItemIdData* item = PageGetItemId(page, off);
      if (item->lp_flags != kLpUnused) item->lp_flags = kLpUnused;
    }
  }
  opaque->btpo_flags &= static_cast<uint16_t>(~(kBtpHasGarbage | kBtpSplitEnd));
  opaque->btpo_cycleid = 0;
}

}  // namespace hyrax::storage
