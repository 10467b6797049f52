// Creating and dropping a relation's files transactionally (PostgreSQL's catalog/storage.c):
// creation is WAL-logged (so redo re-creates the file before any page record touches it)
// and undone at abort; a drop removes the files only at commit. VACUUM's truncation is
// WAL-logged too. The smgr resource manager's redo lives here.
#pragma once

#include "common/relfile.h"

namespace hyrax::catalog {

// Creates the main fork of a new relation and schedules its removal if the transaction
// aborts. Requires: an open transaction.
void RelationCreateStorage(const RelFileLocator& locator);
// Schedules removal of every fork of the relation at commit (buffers are dropped then).
void RelationDropStorage(const RelFileLocator& locator);
// Shortens the main fork to `nblocks` blocks, with the visibility map and free space map
// (PostgreSQL's RelationTruncate, used by VACUUM; not transactional): logs an smgr truncate
// record and flushes it first, so a crash after the files shrank replays the truncation.
// Requires: AccessExclusiveLock on the relation; this process holds no pin on its buffers;
// the removed pages hold nothing anyone needs. Throws I/O errors.
void RelationTruncate(const RelFileLocator& locator, BlockNumber nblocks);
// Registers the smgr resource manager (create) in wal/rmgr.
void RegisterSmgrRmgr();

}  // namespace hyrax::catalog
