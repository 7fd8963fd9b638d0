#ifndef GANTRY_BUILD_INFO_H
#define GANTRY_BUILD_INFO_H

/// The git commit this binary was built from ("unknown" when the build did not say).
const char *gantry_build_commit(void);

#endif
