// The engine's side of automatic ANALYZE (ServerHooks::autovacuum_launcher_step and
// ::autovacuum_worker, wired in server_hooks_wiring.cpp). The launcher step reads the
// shared per-table counters (storage/vacuum/relation_stats.h) and names the next database
// with tables over autovacuum_analyze_threshold + autovacuum_analyze_scale_factor *
// reltuples; the worker attaches to that database as a backend would (a HyraxEngine session
// of the bootstrap superuser in an autovacuum proc slot), re-checks each table against
// pg_class.reltuples and runs ANALYZE (SKIP_LOCKED) on it, which records last_autoanalyze.
#pragma once

namespace hyrax::server::engine {

// Launcher (forked by the postmaster): true when a database was named for a worker.
// Reads shared memory only; takes no proc slot.
bool AutovacuumLauncherStep();

// Worker body; returns the exit code (0, or 1 after a logged error).
int RunAutovacuumWorkerProcess();

}  // namespace hyrax::server::engine
