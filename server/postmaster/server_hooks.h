// THE SEAM between the postmaster's process management and the engine's shared state:
// what the postmaster (and `hyrax init`) call to size and lay out shared memory, run crash
// recovery, and do checkpoints. The lead implements MakeServerHooks() with the real
// subsystems (storage/, wal/); tests pass fakes. server/postmaster/README.md shows when
// each hook runs and in which process.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace hyrax::server::postmaster {

// What `hyrax init` passes to the catalog bootstrap.
struct BootstrapOptions {
  std::string data_directory;  // absolute; the process has chdir'ed into it
  std::string superuser;       // name of the bootstrap superuser (-U), e.g. "postgres"
  std::string auth_method;     // --auth, written to hba.conf
};

struct ServerHooks {
  // Postmaster: total bytes of shared memory for the current settings (the sum of every
  // subsystem's ShmemSize()). Called before each (re)creation of the segment.
  std::function<size_t()> shmem_size;
  // Postmaster: lays out every subsystem's area in the fresh segment (each ShmemInit()).
  // Called after common/shmem CreateSegment, at start and after each crash reset.
  std::function<void()> shmem_init;
  // Startup process (forked): reads pg_control and replays WAL to a consistent state,
  // then writes the end-of-recovery checkpoint. Returns on success; throws (or exits
  // non-zero) to make the postmaster give up ("aborting startup due to startup process
  // failure").
  std::function<void()> startup_process;
  // Checkpointer (forked): called at least once a second; runs a checkpoint when
  // checkpoint_timeout or max_wal_size says one is due. An Error is logged and retried.
  std::function<void()> checkpointer_step;
  // Checkpointer: the shutdown checkpoint, when the postmaster asks for it (SIGUSR2) after
  // every backend has exited. The checkpointer then exits 0 and the postmaster follows.
  std::function<void()> shutdown_checkpoint;
  // Autovacuum launcher (forked): called every autovacuum_naptime while autovacuum is on;
  // returns true when it has named a database for a new worker (the postmaster is then
  // asked for one with SIGUSR1).
  std::function<bool()> autovacuum_launcher_step;
  // Autovacuum worker (forked on the launcher's request): serves the named database and
  // returns the process's exit code (0 done, 1 failed; logged).
  std::function<int()> autovacuum_worker;
  // `hyrax init` (single process, no postmaster): creates the catalogs in the new data
  // directory, runs the system-view SQL and writes a shutdown checkpoint. Shared memory
  // has been created and initialised with the two hooks above before it runs.
  std::function<void(const BootstrapOptions&)> bootstrap;
};

// The production hooks. Declared here, implemented by the lead alongside MakeEngine()
// (server/backend/engine_wiring.cpp); not part of this library yet.
ServerHooks MakeServerHooks();

}  // namespace hyrax::server::postmaster
