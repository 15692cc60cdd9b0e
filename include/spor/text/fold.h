/* Scandinavian normalisation of a lower-cased word, so that the spellings
 * people type without Danish letters meet the Danish ones: "aa" and "ao"
 * become å, "ae" and "ä" become æ, "oe", "oo" and "ö" become ø (the rules
 * of Lucene's ScandinavianNormalizationFilter). The letters are never
 * stripped to a plain vowel, so "bør" stays apart from "bor". Applied on
 * both sides (to every word before stemming, at index and at query time),
 * a rare false merge ("israel"/"isræl") costs nothing. */
#ifndef SPOR_FOLD_H
#define SPOR_FOLD_H

#include <stddef.h>
#include "spor/text/buf.h"

/* Appends the normalised form of word[0..len) (lower-case UTF-8) to out.
 * Returns SPOR_OK or SPOR_ENOMEM. */
spor_status fold_scandinavian(const char *word, size_t len, sbuf *out);

/* 1 when fold_scandinavian would change word. */
int fold_changes(const char *word, size_t len);

#endif
