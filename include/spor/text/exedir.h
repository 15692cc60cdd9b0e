/* The folder of the running binary, for what is found relative to it once
 * installed (data files, the readers module), so a copy installed under
 * any prefix works without being rebuilt. Linux's /proc/self/exe names the
 * binary. */
#ifndef SPOR_EXEDIR_H
#define SPOR_EXEDIR_H

#include <stddef.h>

/* Writes "<folder of the binary>/<rel>" into out[0..cap); 0 on success,
 * -1 when the binary cannot be named or the path does not fit. */
int spor_beside_exe(const char *rel, char *out, size_t cap);

#endif
