/* For unit tests on data from Debian packages: skips the calling cmocka
 * test, with a line saying which package to install, when the file is not
 * there. Include after <cmocka.h>. */
#ifndef SPOR_TEST_NEED_FILE_H
#define SPOR_TEST_NEED_FILE_H

#include <stdio.h>
#include <unistd.h>

static inline void need_file(const char *path, const char *package)
{
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "skipped: %s missing (install %s)\n", path, package);
        skip();
    }
}

#endif
