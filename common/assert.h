// Invariant checks. HYRAX_ASSERT is for programmer errors and compiled only in debug builds;
// HYRAX_CHECK is always on and raises an internal error (XX000). User input must never reach
// either: bad input gets a proper hyrax::Error with its SQLSTATE.
#pragma once

#include <string>

#include "common/error.h"

#ifdef NDEBUG
#define HYRAX_ASSERT(cond) ((void)0)
#else
#include <cassert>
#define HYRAX_ASSERT(cond) assert(cond)
#endif

#define HYRAX_CHECK(cond, message)                                                      \
  do {                                                                                  \
    if (!(cond)) ::hyrax::ThrowInternalError(__FILE__, __LINE__, std::string(message)); \
  } while (0)
