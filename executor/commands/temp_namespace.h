// The backend's temporary schema (PostgreSQL's InitTempTableNamespace / RemoveTempRelations
// in namespace.c). Temporary relations live in pg_temp_N, N being this backend's proc
// slot number + 1, so at most one live session uses a given pg_temp_N of a database. The
// schema is created at the first CREATE TEMP of a session and kept afterwards; its
// relations are dropped when the session ends (server/engine/hyrax_engine.cpp) and, when
// an earlier session that used the slot crashed before it could do so, by the next
// session that creates temporary objects in that slot. storage/catalog/namespace.h
// searches it first for relations. docs/architecture.md "Temporary relations".
#pragma once

#include "common/ids.h"

namespace hyrax::executor::commands {

// The OID of this session's temporary schema, creating pg_temp_N and pg_toast_temp_N in the
// current transaction when the session has none yet (or its creation was rolled back). A
// pg_temp_N left over by an earlier session is adopted after its relations are dropped.
// Requires: an open transaction that may write.
Oid EnsureTempNamespace();

// Drops every relation in schema `namespace_oid` (views, tables with their indexes and
// TOAST tables) without notices; the schema itself stays. Requires: an open transaction.
void RemoveTempRelations(Oid namespace_oid);

// DISCARD TEMP and the end of a session: drops this session's temporary relations, if it
// has a temporary schema. Requires: an open transaction.
void DropSessionTempRelations();

}  // namespace hyrax::executor::commands
