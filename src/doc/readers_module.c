/* The readers module's one exported symbol: the table libspor's loader
 * (readers_dl.c) looks up after dlopen(). Built only into spor-readers.so,
 * with every other symbol hidden, so the module's private copies of
 * libspor's helpers never clash with the host's. */
#include "readers_module.h"

__attribute__((visibility("default")))
const spor_readers_module spor_readers_v1 = {
    SPOR_READERS_ABI, sizeof(rd_doc), sizeof(rd_line), sizeof(spor_err),
    rdm_parse_pdf, rdm_parse_html, rdm_html_entity,
};
