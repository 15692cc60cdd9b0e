/* Spelling suggestions for query words. A word is misspelt only when the
 * index has no word, stem or compound part for it AND the Danish word list
 * lacks it too: a real word the corpus happens not to contain ("afvikling")
 * is not "corrected" into a different word that it does contain. The
 * suggestion comes from Xapian's spelling table, which holds the corpus's
 * own words, so a suggestion always has hits. */
#ifndef SPOR_SPELL_H
#define SPOR_SPELL_H

#include "spor/analysis/stem.h"
#include "spor/text/status.h"
#include "spor/text/wordlist.h"
#include "xapian_c.h"

/* Words shorter than this are not corrected: at three letters, edit
 * distance two reaches too many unrelated words. */
#define SPELL_MIN_WORD_CHARS 4
/* Xapian's default, and what a typo of one or two keys needs. */
#define SPELL_MAX_EDIT_DISTANCE 2

typedef struct spell_context {
    xc_db *db;
    stem_stemmer *stemmer;
    const wl_list *wordlist; /* may be NULL */
} spell_context;

/* For the normalised query string q: *out is a malloc'd copy of q with
 * each misspelt word replaced by its suggestion, or NULL when nothing was
 * corrected. Operators, field:value filters and quoted phrases' words are
 * checked like any word; only words are replaced. */
spor_status spell_correct(const spell_context *c, const char *q,
                          char **out, spor_err *err);

#endif
