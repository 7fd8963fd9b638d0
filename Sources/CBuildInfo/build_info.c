// The commit `gantry --version` prints. scripts/setup writes build_commit.h (git-ignored) with
// GANTRY_BUILD_COMMIT before it builds and removes it afterwards, so only its builds carry a
// commit; any other build (plain `swift build`, a source tarball) says "unknown" rather than
// repeating a commit it was not built from.
#include "build_info.h"

#if __has_include("build_commit.h")
#include "build_commit.h"
#endif

#ifndef GANTRY_BUILD_COMMIT
#define GANTRY_BUILD_COMMIT "unknown"
#endif

const char *gantry_build_commit(void) { return GANTRY_BUILD_COMMIT; }
