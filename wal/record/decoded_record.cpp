// DecodedRecord::RestoreBlockImage: re-inserts the zeroed hole cut out at insertion time.
#include "wal/record/decoded_record.h"

#include <cstring>

#include "common/assert.h"

namespace hyrax::wal {

void DecodedRecord::RestoreBlockImage(int block_id, char* page) const {
  HYRAX_CHECK(HasBlock(block_id) && blocks_[block_id].has_image,
              "WAL block has no full-page image");
  const ImageInfo& image = images_[block_id];
  size_t hole_end = static_cast<size_t>(image.hole_offset) + image.hole_length;
  std::memcpy(page, image.bytes, image.hole_offset);
  std::memset(page + image.hole_offset, 0, image.hole_length);
  std::memcpy(page + hole_end, image.bytes + image.hole_offset, kBlockSize - hole_end);
}

}  // namespace hyrax::wal
