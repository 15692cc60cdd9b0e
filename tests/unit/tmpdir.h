/* Temporary folders for the unit tests that write real Xapian databases:
 * one fresh folder per test (cmocka setup/teardown), removed with all it
 * holds even when an assertion failed half-way. Shared so each test file
 * does not carry its own copy. */
#ifndef SPOR_TEST_TMPDIR_H
#define SPOR_TEST_TMPDIR_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Removes path and everything below it; a symlink is removed, never
 * followed. */
static inline void rm_rf(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                    continue;
                char sub[4096];
                int n = snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                if (n > 0 && (size_t)n < sizeof sub)
                    rm_rf(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* cmocka setup: *state = a new empty folder under /tmp. */
static inline int make_tmpdir(void **state)
{
    char *dir = strdup("/tmp/spor-test-XXXXXX");
    if (!dir || !mkdtemp(dir)) {
        free(dir);
        return -1;
    }
    *state = dir;
    return 0;
}

/* cmocka teardown for make_tmpdir: fails when the folder survives. */
static inline int remove_tmpdir(void **state)
{
    char *dir = *state;
    rm_rf(dir);
    int gone = access(dir, F_OK) != 0;
    free(dir);
    return gone ? 0 : -1;
}

#endif
