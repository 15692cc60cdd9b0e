/* rd_parse_pdf and rd_parse_html: the readers module, loaded on demand.
 *
 * The PDF and HTML readers live in spor-readers.so (see readers_module.h)
 * so that processes which read neither, every `spor search` above all, do
 * not load poppler, libxml2 and the sixty libraries under them. The module
 * is looked for, in order:
 *   1. $SPOR_READERS, a path to the module file, when set (and then only
 *      there: a test or an unusual install names it exactly);
 *   2. beside the running binary as installed: BIN/../lib/spor (whatever
 *      prefix `cmake --install --prefix` chose; /proc/self/exe names BIN);
 *   3. the build tree it was built in (binaries run from build/, tests);
 *   4. the configured install folder.
 * It is opened with RTLD_NODELETE, so after the first PDF or HTML file the
 * libraries stay mapped and every later dlopen() only finds it loaded: no
 * handle is cached, and the library keeps no state of its own. A module
 * that is missing or of another build makes the file fail with one line
 * naming the file and the module; the other files index as before. A PDF
 * is read in a child process with bounded time and memory
 * (readers_guard.h), after the module is loaded here so the child finds
 * it loaded. */
#define _GNU_SOURCE /* RTLD_NODELETE */
#include "spor/text/exedir.h"
#include "spor/doc/formats.h"
#include "readers_guard.h"
#include "readers_module.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The module's folder relative to the binary's folder once installed. */
#ifndef SPOR_BIN_TO_READERS
#define SPOR_BIN_TO_READERS "../lib/spor"
#endif
#ifndef SPOR_READERS_INSTALLED
#define SPOR_READERS_INSTALLED "/usr/local/lib/spor/" SPOR_READERS_FILE
#endif

/* Paths are bounded by PATH_MAX on Linux. */
#define PATH_CAP 4096

/* Opens the module and returns its table, or NULL with err naming the file
 * being read (name), the module and why. *handle is to be dlclose()d. */
static const spor_readers_module *open_module(const char *name,
                                              const char *format,
                                              void **handle, spor_err *err)
{
    char installed[PATH_CAP];
    const char *env = getenv("SPOR_READERS");
    const char *cands[4] = {NULL, NULL, NULL, NULL};
    if (env && *env) {
        cands[0] = env;
    } else {
        cands[0] = spor_beside_exe(SPOR_BIN_TO_READERS "/" SPOR_READERS_FILE,
                                   installed, sizeof installed) == 0
                       ? installed : NULL;
#ifdef SPOR_READERS_BUILD
        cands[1] = SPOR_READERS_BUILD;
#endif
        cands[2] = SPOR_READERS_INSTALLED;
    }
    const char *where = NULL;
    for (size_t i = 0; i < sizeof cands / sizeof *cands && !where; i++) {
        struct stat sb;
        if (cands[i] && stat(cands[i], &sb) == 0)
            where = cands[i];
    }
    if (!where) {
        spor_fail(err, SPOR_EINVAL, "%s: reading %s needs spor's readers "
                  "module %s, not found (%s)", name, format,
                  SPOR_READERS_FILE, env && *env ? env
                  : "looked beside the binary, in the build tree and in "
                    SPOR_READERS_INSTALLED);
        return NULL;
    }
    *handle = dlopen(where, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!*handle) {
        const char *why = dlerror();
        spor_fail(err, SPOR_EINVAL, "%s: cannot load the readers module "
                  "for %s: %s", name, format, why ? why : where);
        return NULL;
    }
    const spor_readers_module *m = dlsym(*handle, SPOR_READERS_SYMBOL);
    if (!m || m->abi != SPOR_READERS_ABI || m->doc_size != sizeof(rd_doc) ||
        m->line_size != sizeof(rd_line) || m->err_size != sizeof(spor_err) ||
        !m->parse_pdf || !m->parse_html || !m->html_entity) {
        dlclose(*handle);
        *handle = NULL;
        spor_fail(err, SPOR_EINVAL, "%s: %s is not a readers module of this "
                  "spor (another build?)", name, where);
        return NULL;
    }
    return m;
}

static spor_status parse_with_module(int pdf, const char *bytes, size_t len,
                                     const char *name, rd_doc *out,
                                     spor_err *err)
{
    if (!out || !name)
        return spor_fail(err, SPOR_EINVAL, "rd_parse_%s: bad arguments",
                         pdf ? "pdf" : "html");
    memset(out, 0, sizeof *out);
    void *handle = NULL;
    spor_err local;
    if (!err)
        err = &local;
    const spor_readers_module *m =
        open_module(name, pdf ? "PDF" : "HTML", &handle, err);
    if (!m)
        return err->status;
    /* A PDF is read in a child with bounded time and memory: a few KB
     * of compressed content can cost poppler minutes (readers_guard.h). */
    spor_status st = pdf ? rdg_parse(m->parse_pdf, "PDF", bytes, len, name,
                                     out, err)
                         : m->parse_html(bytes, len, name, out, err);
    dlclose(handle); /* RTLD_NODELETE: stays mapped for the next file */
    return st;
}

spor_status rd_parse_pdf(const char *bytes, size_t len, const char *name,
                         rd_doc *out, spor_err *err)
{
    return parse_with_module(1, bytes, len, name, out, err);
}

spor_status rd_parse_html(const char *bytes, size_t len, const char *name,
                          rd_doc *out, spor_err *err)
{
    return parse_with_module(0, bytes, len, name, out, err);
}

int rd_html_entity(const char *name, uint32_t *cp)
{
    void *handle = NULL;
    spor_err ignored;
    const spor_readers_module *m =
        open_module("entity", "HTML entities", &handle, &ignored);
    if (!m)
        return -1;
    uint32_t v = m->html_entity(name);
    dlclose(handle);
    if (!v)
        return 0;
    *cp = v;
    return 1;
}
