// Links the weak stand-ins for wal/ and storage/ GUC globals into unit_server_auth.
#include "tests/unit/server/fake/engine_globals.h"
