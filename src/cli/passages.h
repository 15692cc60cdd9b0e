/* Passages by id, shared by `spor show` and `spor web`: reading a passage
 * id, finding its document in the index's table, and fetching the
 * passages around it in document order. */
#ifndef SPOR_CLI_PASSAGES_H
#define SPOR_CLI_PASSAGES_H

#include "spor/query/index.h"
#include "spor/query/results.h"
#include "spor/store/schema.h"

/* Splits "<doc id>.<ordinal>" into doc and *ord; -1 when malformed. */
int cli_passage_id_parse(const char *id, char doc[SCHEMA_ID_MAX],
                         unsigned *ord);

/* The document with id doc_id in docs, or NULL. */
const schema_docinfo *cli_find_doc(const schema_doctable *docs,
                                   const char *doc_id);

/* The passages ord-context..ord+context of d (clipped to the document) in
 * res, in document order. ord must be below d->n_passages. */
spor_status cli_passages_around(spor_index *ix, const schema_docinfo *d,
                                unsigned ord, unsigned context,
                                spor_results *res, spor_err *err);

#endif
