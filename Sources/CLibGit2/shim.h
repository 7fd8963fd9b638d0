#ifndef GANTRY_CLIBGIT2_SHIM_H
#define GANTRY_CLIBGIT2_SHIM_H

#include <git2.h>

#endif
