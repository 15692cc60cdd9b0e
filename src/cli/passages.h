/* Passages named by their ids, for the commands that take one (show,
 * open): an id's parts, its document in the index's table, the passages
 * themselves, and whether the document's file is still the one indexed.
 * The passages are fetched by their id terms through an ordinary search,
 * so these commands read the index the way search does. */
#ifndef SPOR_CLI_PASSAGES_H
#define SPOR_CLI_PASSAGES_H

#include <stddef.h>
#include "session.h"
#include "spor/query/index.h"
#include "spor/query/search.h"

/* Splits "<doc id>.<ordinal>" (981ff2d2.57); -1 when malformed. */
int cli_parse_passage_id(const char *id, char doc[SCHEMA_ID_MAX],
                         unsigned *ord);

/* The one passage id among the arguments of command cmd, split (its
 * parts as cli_parse_passage_id gives them); -1 after an error line. */
int cli_passage_arg(const cli_session *s, const char *cmd,
                    char doc[SCHEMA_ID_MAX], unsigned *ord);

/* The document doc_id of ix when it has a passage ord; NULL when it has
 * not (err->status stays SPOR_OK) or the document table cannot be read
 * (err set). */
const schema_docinfo *cli_passage_doc(spor_index *ix, const char *doc_id,
                                      unsigned ord, spor_err *err);

/* Passages first..last of document doc_id into res, in document order. */
spor_status cli_fetch_passages(spor_index *ix, const char *doc_id,
                               unsigned first, unsigned last,
                               spor_results *res, spor_err *err);

/* A document's file as it stands beside the one indexed. */
typedef enum cli_doc_state {
    CLI_DOC_SAME,       /* its size and content hash as recorded */
    CLI_DOC_CHANGED,    /* there, with other bytes */
    CLI_DOC_GONE,       /* no file of that name: moved or deleted */
    CLI_DOC_UNREADABLE  /* there, but not read (err says why) */
} cli_doc_state;

/* Reads d's file and compares it with what the index recorded. With
 * CLI_DOC_SAME and bytes not NULL, *bytes (malloc'd) and *len hold the
 * file; otherwise *bytes is NULL. */
cli_doc_state cli_doc_check(const schema_docinfo *d, char **bytes,
                            size_t *len, spor_err *err);

#endif
