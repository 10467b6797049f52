// The server's GUC table: defines every setting Hyrax supports in the registry of
// common/guc, bound to the C++ global of its owning layer where one exists (wal/,
// storage/) and to registry storage otherwise. server/config/README.md lists the settings,
// their owners and the ones waiting for an owner.
#pragma once

namespace hyrax::server::config {

// Defines every setting with its boot value. Call once per process before reading any
// configuration (hyrax start, hyrax init, tests). Requires: the registry holds none of
// these names yet. Throws XX000 on a malformed definition.
void RegisterServerGucs();

// After hyrax.conf and the command line are applied: settings whose default depends on
// others (wal_buffers = -1 -> 1/32 of shared_buffers, between 64kB and 16MB) get their
// value with source "default" (PostgreSQL's PGC_S_DYNAMIC_DEFAULT).
void ResolveDynamicDefaults();

// Sections of the table (one file each); RegisterServerGucs calls them all.
void RegisterConnectionGucs();
void RegisterResourceGucs();
void RegisterClientGucs();
void RegisterPlannerGucs();
void RegisterAutovacuumGucs();
void RegisterPresetGucs();

}  // namespace hyrax::server::config
