/* Loading libmicrohttpd for `spor web` (web_mhd.h). The spor binary does
 * not link it: it brings gnutls and eight more libraries (nettle, gmp,
 * p11-kit, ...) that the loader would map and relocate, and gnutls
 * initialise, at the start of every `spor search`, which never speaks
 * HTTP (bench/README.md, "Where the time goes"). spor web opens it here
 * instead, by the soname it was built against ($SPOR_MHD names another
 * file, for tests), and keeps it for the life of the process. */
#include "web_mhd.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The library's soname, found by CMake beside the header built against. */
#ifndef SPOR_MHD_SONAME
#define SPOR_MHD_SONAME "libmicrohttpd.so.12"
#endif

static web_mhd mhd;
static int loaded;

/* Sets *slot to the library's symbol name; -1 when it has none. */
static int take(void *lib, const char *name, void *slot)
{
    void *f = dlsym(lib, name);
    if (!f)
        return -1;
    /* POSIX guarantees a function's address round-trips through void *. */
    memcpy(slot, &f, sizeof f);
    return 0;
}

const web_mhd *web_mhd_load(void)
{
    if (loaded)
        return &mhd;
    const char *env = getenv("SPOR_MHD");
    const char *name = env && *env ? env : SPOR_MHD_SONAME;
    void *lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *why = dlerror();
        cli_error("web: cannot load the HTTP library %s: %s", name,
                  why ? why : "unknown error");
        return NULL;
    }
    struct {
        const char *name;
        void *slot;
    } fns[] = {
        {"MHD_start_daemon", &mhd.start_daemon},
        {"MHD_stop_daemon", &mhd.stop_daemon},
        {"MHD_get_daemon_info", &mhd.get_daemon_info},
        {"MHD_lookup_connection_value", &mhd.lookup_connection_value},
        {"MHD_create_response_from_buffer",
         &mhd.create_response_from_buffer},
        {"MHD_add_response_header", &mhd.add_response_header},
        {"MHD_queue_response", &mhd.queue_response},
        {"MHD_destroy_response", &mhd.destroy_response},
    };
    for (size_t i = 0; i < sizeof fns / sizeof *fns; i++)
        if (take(lib, fns[i].name, fns[i].slot)) {
            cli_error("web: %s is not the HTTP library spor needs (no %s)",
                      name, fns[i].name);
            dlclose(lib);
            return NULL;
        }
    loaded = 1;
    return &mhd;
}
