/* Passage jobs: on a full build, the analysis thread hands each passage to
 * the writer pool (writers.h) as a job, a copy of its record and of what
 * its document entry contributes, and the writer thread that writes it
 * makes its Xapian document (schema_make_document) with tools of its own.
 * See passjob.c for why. */
#ifndef SPOR_STORE_PASSJOB_H
#define SPOR_STORE_PASSJOB_H

#include <stddef.h>

#include "spor/analysis/analyser.h"
#include "spor/store/schema.h"
#include "spor/store/writers.h"
#include "spor/text/status.h"

typedef struct pj_maker pj_maker;
typedef struct pj_job pj_job;

/* Tools for n_threads writer threads: each gets a stemmer with the keep
 * list stemkeep and a deflater with the dictionary zdict; the stop list
 * and the splitter are shared's (the splitter behind a lock). */
spor_status pj_maker_new(unsigned n_threads, const ana_analyser *shared,
                         const char *stemkeep, size_t stemkeep_len,
                         const char *zdict, size_t zdict_len, pj_maker **out,
                         spor_err *err);
void pj_maker_free(pj_maker *m);

/* The pool's maker over m (m must outlive the pool's threads). */
wr_maker pj_wr_maker(pj_maker *m);

/* A job for record rec of document d: copies what it needs, so the
 * caller's passage and table may change or go. */
spor_status pj_job_new(const schema_record *rec, const schema_docinfo *d,
                       pj_job **out, spor_err *err);
void pj_job_free(void *job);

#endif
