/* Passage jobs (passjob.h): what a full build's analysis thread hands the
 * writer threads instead of finished documents, and how a writer thread
 * makes the document of one. The analysis thread keeps what depends on
 * the order of the corpus (reading, segmenting, place tags, copy groups);
 * what depends on one passage alone (its terms, its values, its
 * compressed record) is made beside Xapian's writer, so the two cores
 * share the work instead of the writers waiting for one analysis thread.
 * The document is the one schema_make_document makes for an update. */
#include "passjob.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "spor/text/prose.h"

/* One writer thread's tools: the stemmer, the deflater and the memo of
 * analysed words keep state between calls, so each thread has its own. */
typedef struct pj_tools {
    stem_stemmer *stemmer;
    codec_deflater *deflater;
    ana_memo *memo;
    ana_analyser ana;
} pj_tools;

struct pj_maker {
    pj_tools *threads;
    unsigned n_threads;
    /* The splitter caches its answers (and tables.c stores that cache as
     * the compound table), so the threads take turns with it. */
    pthread_mutex_t split_mu;
    ana_split_fn split;
    void *split_ctx;
};

static size_t locked_split(void *ctx, const char *word, size_t len,
                           cpd_split *out)
{
    pj_maker *m = ctx;
    pthread_mutex_lock(&m->split_mu);
    size_t n = m->split(m->split_ctx, word, len, out);
    pthread_mutex_unlock(&m->split_mu);
    return n;
}

spor_status pj_maker_new(unsigned n_threads, const ana_analyser *shared,
                         const char *stemkeep, size_t stemkeep_len,
                         const char *zdict, size_t zdict_len, pj_maker **out,
                         spor_err *err)
{
    pj_maker *m = calloc(1, sizeof *m);
    if (!m || !(m->threads = calloc(n_threads ? n_threads : 1,
                                    sizeof *m->threads))) {
        free(m);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    pthread_mutex_init(&m->split_mu, NULL);
    m->split = shared->split;
    m->split_ctx = shared->split_ctx;
    *out = m;
    spor_status st = SPOR_OK;
    for (unsigned i = 0; i < n_threads && !st; i++) {
        pj_tools *t = &m->threads[i];
        m->n_threads = i + 1;
        if ((st = stem_new("danish", &t->stemmer, err)) ||
            (st = codec_deflater_new(zdict ? zdict : "", zdict_len,
                                     &t->deflater, err)))
            break;
        if (ana_memo_new(&t->memo)) {
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
            break;
        }
        if (stem_set_keep(t->stemmer, stemkeep ? stemkeep : "",
                          stemkeep_len)) {
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
            break;
        }
        t->ana = *shared;
        t->ana.stemmer = t->stemmer;
        t->ana.memo = t->memo;
        if (shared->split) {
            t->ana.split = locked_split;
            t->ana.split_ctx = m;
        }
    }
    return st;
}

void pj_maker_free(pj_maker *m)
{
    if (!m)
        return;
    for (unsigned i = 0; i < m->n_threads; i++) {
        stem_free(m->threads[i].stemmer);
        codec_deflater_free(m->threads[i].deflater);
        ana_memo_free(m->threads[i].memo);
    }
    free(m->threads);
    pthread_mutex_destroy(&m->split_mu);
    free(m);
}

struct pj_job {
    schema_record rec;   /* its strings owned */
    schema_docinfo doc;  /* only what the document needs: path (for
                            messages), title, year, id */
};

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

spor_status pj_job_new(const schema_record *rec, const schema_docinfo *d,
                       pj_job **out, spor_err *err)
{
    pj_job *j = calloc(1, sizeof *j);
    if (!j)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    j->rec = *rec;
    j->rec.deflater = NULL;
    j->rec.section = rec->section ? strdup(rec->section) : NULL;
    j->rec.places = dup_or_empty(rec->places);
    j->rec.text = malloc(rec->text_len + 1);
    j->doc.path = dup_or_empty(d->path);
    j->doc.title = d->title ? strdup(d->title) : NULL;
    j->doc.year = d->year;
    memcpy(j->doc.id, d->id, sizeof j->doc.id);
    if ((rec->section && !j->rec.section) || !j->rec.places ||
        !j->rec.text || !j->doc.path || (d->title && !j->doc.title)) {
        pj_job_free(j);
        return spor_fail(err, SPOR_ENOMEM, "%s: out of memory", d->path);
    }
    memcpy(j->rec.text, rec->text, rec->text_len);
    j->rec.text[rec->text_len] = '\0';
    *out = j;
    return SPOR_OK;
}

void pj_job_free(void *job)
{
    pj_job *j = job;
    if (!j)
        return;
    schema_record_free(&j->rec);
    schema_docinfo_free(&j->doc);
    free(j);
}

static spor_status pj_make(void *ctx, unsigned thread, void *job,
                           xc_doc **out, spor_err *err)
{
    pj_maker *m = ctx;
    pj_job *j = job;
    pj_tools *t = &m->threads[thread < m->n_threads ? thread : 0];
    j->rec.nonprose = prose_nonprose(j->rec.text, j->rec.text_len);
    j->rec.deflater = t->deflater;
    return schema_make_document(&j->rec, &j->doc, &t->ana, out, err);
}

wr_maker pj_wr_maker(pj_maker *m)
{
    return (wr_maker){pj_make, pj_job_free, m};
}
