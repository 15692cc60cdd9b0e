/* The readers module (spor-readers.so, src/doc/readers_module.h) for the
 * fuzz targets of the HTML and PDF readers: loaded once, before the first
 * input, from the build tree, and its entry points called directly (the
 * PDF reader without the child process that guards it in spor: that is
 * for files, and the fuzzer wants every input in its own process image to
 * count coverage and catch memory errors). */
#ifndef SPOR_FUZZ_READERS_H
#define SPOR_FUZZ_READERS_H

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "readers_module.h"

static const spor_readers_module *fuzz_module;

/* libFuzzer calls this once, before the first input. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    void *h = dlopen(SPOR_READERS_MODULE, RTLD_NOW | RTLD_LOCAL);
    if (h)
        fuzz_module = dlsym(h, SPOR_READERS_SYMBOL);
    if (!fuzz_module || fuzz_module->abi != SPOR_READERS_ABI ||
        fuzz_module->doc_size != sizeof(rd_doc)) {
        fprintf(stderr, "fuzz: cannot load the readers module %s: %s\n",
                SPOR_READERS_MODULE, h ? "not spor's module" : dlerror());
        exit(2);
    }
    return 0;
}

#endif
