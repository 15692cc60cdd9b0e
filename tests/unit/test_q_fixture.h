/* The small index the query layer's unit tests (test_q_*.c) search: three
 * short Danish reports written by the test into a temporary folder, with a
 * manifest (years and places), built with the bundled gazetteer and the
 * domain synonyms (no word list, no thesaurus: building takes well under a
 * second). Each passage is its own Markdown section, so a test knows which
 * passage a word is in. Shared so each test file does not carry its own
 * copy. */
#ifndef SPOR_TEST_Q_FIXTURE_H
#define SPOR_TEST_Q_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tmpdir.h"
#include "spor/query/search.h"
#include "spor/store/indexer.h"
#include "xapian_c.h"

/* The documents: name, manifest line after the name, text. */
static const struct {
    const char *name, *manifest, *text;
} QF_DOCS[] = {
    {"aarhus.md", "Rapport fra Aarhus\tAarhus Kommune\t2019\tAarhus",
     "# Jobcentret\n\n"
     "Jobcentret i Aarhus hjælper ledige borgere med at finde arbejde. "
     "Indsatsen er fremskudt, så medarbejderne møder borgerne i "
     "boligområdet.\n\n"
     "# Hjemløse\n\n"
     "Aarhus har talt de hjemløse i byen. En tælling viste, at mange unge "
     "sover på gaden om vinteren.\n\n"
     "# Vinter\n\n"
     "Om vinteren sover de hjemløse i Aarhus i varmestuen, hvor hjemløse "
     "får mad.\n\n"
     "# Bydelsmødre\n\n"
     "Bydelsmødre i Gellerup besøger familier og fortæller om skolen og "
     "sundhed.\n"},
    {"odense.md", "Rapport fra Odense\tOdense Kommune\t2021\tOdense",
     "# Samarbejde\n\n"
     "Jobcentret i Odense samarbejder med boligselskabet om arbejdsløse "
     "beboere. Virksomheder tilbyder praktik.\n\n"
     "# Bolig først\n\n"
     "Odense har en plan mod hjemløshed, hvor hjemløse får en fast bolig "
     "først.\n\n"
     "# Erfaringer\n\n"
     "Odense og Aarhus deler erfaringer med jobcentret.\n"},
    {"kbh.md", "Rapport fra København\tKøbenhavns Kommune\t2015\tKøbenhavn",
     "# Gaden\n\n"
     "I København møder gadeplansmedarbejdere hjemløse på gaden hver "
     "nat.\n\n"
     "# Parken\n\n"
     "En husvild mand sover i parken ved søerne.\n\n"
     "# Unge\n\n"
     "Socialforvaltningen i København har et jobcenter for unge "
     "rekrutterer.\n"},
};
#define QF_N_DOCS (sizeof QF_DOCS / sizeof *QF_DOCS)

typedef struct qf_fixture {
    char *dir;          /* the temporary folder */
    spor_index *ix;
} qf_fixture;

static inline int qf_write(const char *dir, const char *name,
                           const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    int ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* Writes the documents and their manifest into dir/docs. */
static inline int qf_write_docs(const char *dir)
{
    char docs[512], manifest[2048] = "";
    snprintf(docs, sizeof docs, "%s/docs", dir);
    if (mkdir(docs, 0777))
        return -1;
    for (size_t i = 0; i < QF_N_DOCS; i++) {
        if (qf_write(docs, QF_DOCS[i].name, QF_DOCS[i].text))
            return -1;
        size_t used = strlen(manifest);
        snprintf(manifest + used, sizeof manifest - used, "%s\t%s\n",
                 QF_DOCS[i].name, QF_DOCS[i].manifest);
    }
    return qf_write(docs, "MANIFEST.tsv", manifest);
}

/* cmocka group setup: *state = a qf_fixture with the index open. */
static inline int qf_setup(void **state)
{
    qf_fixture *f = calloc(1, sizeof *f);
    if (!f || make_tmpdir((void **)&f->dir)) {
        free(f);
        return -1;
    }
    char docs[512], ix[512];
    snprintf(docs, sizeof docs, "%s/docs", f->dir);
    snprintf(ix, sizeof ix, "%s/ix", f->dir);
    idx_opts o = {.stopwords_path = SPOR_SOURCE_DIR "/stopwords/danish.txt",
                  .wordlist_path = "", .thesaurus_path = "",
                  .synonyms_path = SPOR_SOURCE_DIR "/data/synonyms.tsv",
                  .gazetteer_path = SPOR_SOURCE_DIR "/" PL_GAZETTEER_FILE};
    const char *paths[] = {docs};
    idx_summary sum;
    spor_err err;
    spor_err_clear(&err);
    if (qf_write_docs(f->dir) ||
        idx_build(ix, paths, 1, &o, &sum, &err) != SPOR_OK ||
        spor_index_open(ix, &f->ix, &err) != SPOR_OK) {
        fprintf(stderr, "test index: %s\n", err.msg);
        remove_tmpdir((void **)&f->dir);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static inline int qf_teardown(void **state)
{
    qf_fixture *f = *state;
    spor_index_close(f->ix);
    int rc = remove_tmpdir((void **)&f->dir);
    free(f);
    return rc;
}

/* Xapian's description of q (freed here), malloc'd. */
static inline char *qf_describe(xc_query *q)
{
    char *d = NULL;
    xc_error xe;
    int ok = q && xc_query_describe(q, &d, &xe) == XC_OK;
    xc_query_free(q);
    return ok ? d : NULL;
}

/* The index of the fixture behind a cmocka state. */
static inline spor_index *qf_index(void **state)
{
    return ((qf_fixture *)*state)->ix;
}

#endif
