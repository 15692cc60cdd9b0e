/* Printing search results, shared by search, compare and show: hits as
 * text blocks, JSON objects or TSV lines (docs/json-output.md), facet
 * counts. */
#ifndef SPOR_CLI_HITS_H
#define SPOR_CLI_HITS_H

#include "spor/query/facets.h"
#include "spor/query/search.h"

/* ANSI styles, as ripgrep uses them: path magenta, lines green, match bold
 * red. */
#define STYLE_PATH "\033[35m"
#define STYLE_LINES "\033[32m"
#define STYLE_MATCH "\033[1;31m"
#define STYLE_DIM "\033[2m"
#define STYLE_BOLD "\033[1m"
#define STYLE_OFF "\033[0m"

/* The start of a top-level JSON object: "{", its type and version, and
 * for spor search --batch the line number of the query it answers
 * ("query"; 0 outside a batch: no field), which a script needs to tell
 * the answers of one query from the next (docs/json-output.md). */
void cli_print_json_head(const char *type, unsigned long query);
/* One hit as a JSON object on its own line, tagged with query as
 * cli_print_json_head; _object without the newline or tag, to nest it in
 * another object. suggestion (may be NULL) and corrected are the
 * search's spelling outcome (spor_results). */
void cli_print_hit_json(const spor_hit *h, const char *suggestion,
                        int corrected, unsigned long query);
void cli_print_hit_json_object(const spor_hit *h, const char *suggestion,
                               int corrected);
void cli_print_hit_text(const spor_hit *h, int color);
/* The "doc" and "path" fields of a hit or passage object, each after a
 * comma (paths.h: below the index's folder, and absolute). */
void cli_print_doc_json(const spor_hit *h);
/* The object that marks a partial answer (--allow-partial with shards
 * that did not answer), printed before the hits; query as above. */
void cli_print_partial_json(unsigned missing_shards, unsigned long query);
/* The query words no form of which is in the index (spor_results.missing):
 * one "missing" object, tagged with query as above, printed after the
 * hits (before any facets), so a reader taking every line for a hit keeps
 * the hits' ranks; or for people one line on stderr. Nothing when there are none. */
void cli_print_missing_json(const spor_results *r, unsigned long query);
void cli_print_missing_text(const spor_results *r);
/* The query words the index lacks that were searched by their known head
 * (spor_results.by_head): one "head" object after the "missing" one, or a
 * line each on stderr. */
void cli_print_by_head_json(const spor_results *r, unsigned long query);
void cli_print_by_head_text(const spor_results *r);
/* Where in its file a hit is, written after the path: ":12-14" (source
 * lines), or for a document with pages (PDF) " p. 12" or " pp. 12-13". */
#define CLI_WHERE_MAX 48
void cli_hit_where(const spor_hit *h, char out[CLI_WHERE_MAX]);
/* The page fields of a hit or passage JSON object, each after a comma:
 * "page" and "page_end", null when the document has no pages. */
void cli_print_pages_json(const spor_hit *h);
/* The TSV columns of a hit, tab-separated, without a line end; _header
 * their names. */
void cli_print_hit_tsv_header(void);
void cli_print_hit_tsv(const spor_hit *h);
/* The TSV columns of a missing hit: as many empty fields as
 * cli_print_hit_tsv writes, without a line end. */
void cli_print_hit_tsv_empty(void);
/* The page columns of a TSV line, each after a tab (empty when the
 * document has no pages). */
void cli_print_pages_tsv(const spor_hit *h);
/* A JSON array of the comma-separated list's items. */
void cli_print_list_json(const char *list);
/* The spelling outcome on stderr for people: "Mente du: ..." or that the
 * suggestion's hits are shown. */
void cli_print_suggestion(const char *query, const char *suggestion,
                          int corrected);
/* Facet counts: a "total" object, then one "facet" object per line in
 * JSON (tagged with query as above); else the total's line and a short
 * table. */
void cli_print_facets(const spor_facets *f, int json, int color,
                      unsigned long query);

#endif
