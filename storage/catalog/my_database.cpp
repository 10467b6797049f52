// Definition of the backend's current database id (declared in storage/lmgr/lock_manager.h),
// set once after authentication; kInvalidOid in init and auxiliary processes.
#include "storage/lmgr/lock_manager.h"

namespace hyrax::storage {

Oid g_my_database_id = kInvalidOid;

}  // namespace hyrax::storage
