/* The running binary's folder (see exedir.h). */
#include "spor/text/exedir.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Paths are bounded by PATH_MAX on Linux. */
#define EXE_PATH_CAP 4096

int spor_beside_exe(const char *rel, char *out, size_t cap)
{
    char exe[EXE_PATH_CAP];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    int w = snprintf(out, cap, "%s/%s", exe, rel);
    return w > 0 && (size_t)w < cap ? 0 : -1;
}
