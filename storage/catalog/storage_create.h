// Creating and dropping a relation's files transactionally (PostgreSQL's catalog/storage.c):
// creation is WAL-logged (so redo re-creates the file before any page record touches it)
// and undone at abort; a drop removes the files only at commit. The smgr resource manager's
// redo lives here too.
#pragma once

#include "common/relfile.h"

namespace hyrax::catalog {

// Creates the main fork of a new relation and schedules its removal if the transaction
// aborts. Requires: an open transaction.
void RelationCreateStorage(const RelFileLocator& locator);
// Schedules removal of every fork of the relation at commit (buffers are dropped then).
void RelationDropStorage(const RelFileLocator& locator);
// Registers the smgr resource manager (create) in wal/rmgr.
void RegisterSmgrRmgr();

}  // namespace hyrax::catalog
