/* Unit tests for the analysis layer: Snowball Danish stemming (stem.c), the
 * stop list (stopwords.c) and the analyser that turns text into index terms
 * (analyser.c). The stems checked are the ones the index and the query
 * parser must agree on, so a change of Snowball version or of the stemmer
 * wiring shows up here before it silently splits query terms from index
 * terms. The stop list is the real one shipped in stopwords/danish.txt. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/analysis/analyser.h"
#include "spor/analysis/stem.h"
#include "spor/analysis/stopwords.h"

#define STOPWORDS_PATH SPOR_SOURCE_DIR "/stopwords/danish.txt"

/* ---- helpers ---------------------------------------------------------- */

static stem_stemmer *new_danish(void)
{
    stem_stemmer *s = NULL;
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(stem_new("danish", &s, &err), SPOR_OK);
    assert_non_null(s);
    return s;
}

/* The stem of word as a NUL-terminated copy in out (the stemmer's own
 * buffer is overwritten by the next call, so compare copies). */
static void stem_into(stem_stemmer *s, const char *word, char *out, size_t cap)
{
    const char *st = NULL;
    size_t n = 0;
    assert_int_equal(stem_word(s, word, strlen(word), &st, &n), SPOR_OK);
    assert_true(n > 0 && n < cap);
    memcpy(out, st, n);
    out[n] = '\0';
}

static void assert_same_stem(stem_stemmer *s, const char *a, const char *b,
                             const char *want)
{
    char sa[128], sb[128];
    stem_into(s, a, sa, sizeof sa);
    stem_into(s, b, sb, sizeof sb);
    if (strcmp(sa, sb) != 0 || strcmp(sa, want) != 0)
        fail_msg("\"%s\" -> \"%s\", \"%s\" -> \"%s\"; want both \"%s\"", a, sa,
                 b, sb, want);
}

/* ---- stemming --------------------------------------------------------- */

/* Forms Snowball leaves apart share a stem: changed vowels, a dropped e,
 * short nouns; in compounds too; words that only end like them do not. */
static void test_stem_irregular_forms(void **state)
{
    (void)state;
    stem_stemmer *s = new_danish();
    assert_same_stem(s, "barn", "børnene", "barn");
    assert_same_stem(s, "formand", "formænd", "formand");
    assert_same_stem(s, "forælder", "forældre", "foræld");
    assert_same_stem(s, "plejeforældrene", "plejeforælder", "plejeforæld");
    assert_same_stem(s, "jobcenter", "jobcentret", "jobcent");
    assert_same_stem(s, "centrene", "centeret", "cent");
    assert_same_stem(s, "byen", "byerne", "by");
    assert_same_stem(s, "storbyer", "storby", "storby");
    assert_same_stem(s, "året", "årene", "år");
    assert_same_stem(s, "regnskabsåret", "regnskabsår", "regnskabsår");
    assert_same_stem(s, "minister", "ministrene", "minist");
    assert_same_stem(s, "nyt", "nye", "ny");
    assert_same_stem(s, "gammelt", "gamle", "gammel");
    /* Typed with aa and oe as the folding reads them. */
    char a[64], b[64];
    stem_into(s, "aaret", a, sizeof a);
    stem_into(s, "boern", b, sizeof b);
    assert_string_equal(a, "år");
    assert_string_equal(b, "barn");
    /* Words that merely end in a listed form keep Snowball's stem. */
    stem_into(s, "miljøer", a, sizeof a);
    assert_string_equal(a, "miljø");
    stem_into(s, "hobby", a, sizeof a);
    assert_string_equal(a, "hobby");
    stem_free(s);
}

/* The keep list: a noun whose stem ends in s keeps it when the word list
 * has its definite form; plurals and genitives, which have none, are cut
 * as Snowball cuts them. */
static void test_stem_keep_list(void **state)
{
    (void)state;
    stem_stemmer *s = new_danish();
    char st[64];
    /* Snowball alone: indsats meets indsat (an inmate), not indsatsen. */
    stem_into(s, "indsats", st, sizeof st);
    assert_string_equal(st, "indsat");

    strmap *wl = NULL;
    assert_int_equal(smap_new(&wl), SPOR_OK);
    const char *words[] = {"indsats", "indsatsen", "indsat", "job", "jobs",
                           "plads", "pladsen", "hus", "huset", "kurs",
                           "kursen", "slags"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        assert_int_equal(smap_add(wl, words[i], strlen(words[i]), 1),
                         SPOR_OK);
    sbuf keep = SBUF_INIT;
    assert_int_equal(stem_find_keep(s, wl, &keep), SPOR_OK);
    assert_string_equal(keep.data, "indsats\nkurs\nplads\n");
    assert_int_equal(stem_set_keep(s, keep.data, keep.len), SPOR_OK);

    assert_same_stem(s, "indsats", "indsatsen", "indsats");
    assert_same_stem(s, "indsatser", "indsats", "indsats");
    assert_same_stem(s, "pladser", "plads", "plads");
    stem_into(s, "indsatte", st, sizeof st);
    assert_string_equal(st, "indsat");
    /* No definite form "jobsen": jobs is job's plural. */
    assert_same_stem(s, "jobs", "job", "job");
    /* A compound inflects as its last part: not in the word list, yet
     * beskæftigelsesindsats meets its plural, not "beskæftigelsesindsat". */
    assert_same_stem(s, "beskæftigelsesindsats", "beskæftigelsesindsatser",
                     "beskæftigelsesindsats");
    assert_same_stem(s, "arbejdsplads", "arbejdspladsen", "arbejdsplads");
    /* A listed word is no last part of a word too short to hold another
     * part before it, nor is a short listed word ("ters", 4 bytes) the
     * last part of a genitive: "ministers" is minister's. */
    assert_int_equal(stem_set_keep(s, "indsats\nters\n", 14), SPOR_OK);
    assert_same_stem(s, "ministers", "minister", "minist");
    assert_same_stem(s, "ters", "ters", "ters");
    /* An empty list undoes it. */
    assert_int_equal(stem_set_keep(s, "", 0), SPOR_OK);
    stem_into(s, "indsats", st, sizeof st);
    assert_string_equal(st, "indsat");
    sbuf_free(&keep);
    smap_free(wl);
    stem_free(s);
}

/* Inflected forms of the corpus's key words meet in one stem: this is what
 * makes a query for "beskæftigelse" find "beskæftigelsen". */
static void test_stem_inflections_share_stem(void **state)
{
    (void)state;
    stem_stemmer *s = new_danish();
    assert_same_stem(s, "beskæftigelse", "beskæftigelsen", "beskæftig");
    assert_same_stem(s, "hjemløse", "hjemløs", "hjemløs");
    assert_same_stem(s, "indsatser", "indsatsen", "indsats");
    assert_same_stem(s, "udfordringer", "udfordring", "udfordring");
    assert_same_stem(s, "kommunerne", "kommunen", "kommun");

    /* Snowball's Danish s-ending rule strips the final s of the bare form:
     * "indsats" stems to "indsat", not to "indsats" like its inflections.
     * Pinned so that a stemmer change is noticed; without a keep list
     * (test_stem_keep_list) that is what spor gets. */
    char st[64];
    stem_into(s, "indsats", st, sizeof st);
    assert_string_equal(st, "indsat");
    stem_free(s);
}

/* The stemmer's buffer belongs to it: each call returns the stem of its
 * own word, not a leftover of the previous longer one. */
static void test_stem_successive_calls(void **state)
{
    (void)state;
    stem_stemmer *s = new_danish();
    char a[64], b[64];
    stem_into(s, "beskæftigelsesindsatserne", a, sizeof a);
    stem_into(s, "bo", b, sizeof b);
    assert_string_equal(b, "bo");
    assert_true(strlen(a) > strlen(b));
    stem_free(s);
}

/* The Xapian callback must write exactly the stem_word stem, and refuse
 * (-1, "leave unstemmed") rather than overflow a short buffer. */
static void test_stem_xapian_callback(void **state)
{
    (void)state;
    stem_stemmer *s = new_danish();
    const char *w = "beskæftigelsen";
    char want[64];
    stem_into(s, w, want, sizeof want);
    size_t n = strlen(want); /* "beskæftig": 10 bytes, æ is two */
    assert_int_equal(n, 10);

    char out[64];
    memset(out, '#', sizeof out);
    long r = stem_xapian_callback(s, w, strlen(w), out, sizeof out);
    assert_int_equal(r, (long)n);
    assert_memory_equal(out, want, n);
    assert_int_equal(out[n], '#'); /* nothing written past the stem */

    /* Exactly enough room is enough. */
    memset(out, '#', sizeof out);
    assert_int_equal(stem_xapian_callback(s, w, strlen(w), out, n), (long)n);
    assert_memory_equal(out, want, n);

    /* One byte short: refused, and the buffer is left alone. */
    memset(out, '#', sizeof out);
    assert_int_equal(stem_xapian_callback(s, w, strlen(w), out, n - 1), -1);
    for (size_t i = 0; i < sizeof out; i++)
        assert_int_equal(out[i], '#');
    assert_int_equal(stem_xapian_callback(s, w, strlen(w), out, 0), -1);
    stem_free(s);
}

static void test_stem_unknown_language(void **state)
{
    (void)state;
    stem_stemmer *s = (stem_stemmer *)0x1; /* must not be touched */
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(stem_new("klingon", &s, &err), SPOR_EINVAL);
    assert_int_equal(err.status, SPOR_EINVAL);
    assert_ptr_equal(s, (stem_stemmer *)0x1);
    assert_non_null(strstr(err.msg, "klingon"));
    stem_free(NULL); /* allowed, like free() */
}

/* ---- stop list ---------------------------------------------------------- */

static void test_stop_load_danish(void **state)
{
    (void)state;
    stop_list *sl = NULL;
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(stop_load(STOPWORDS_PATH, &sl, &err), SPOR_OK);
    assert_int_equal(stop_count(sl), 94);

    static const char *const in[] = {"og", "i", "på", "være", "den", "at"};
    for (size_t i = 0; i < sizeof in / sizeof *in; i++)
        if (!stop_contains(sl, in[i], strlen(in[i])))
            fail_msg("\"%s\" should be a stop word", in[i]);
    static const char *const out[] = {"stor", "ny", "beskæftigelse", "o",
                                      "ogs", "", "pa"};
    for (size_t i = 0; i < sizeof out / sizeof *out; i++)
        if (stop_contains(sl, out[i], strlen(out[i])))
            fail_msg("\"%s\" should not be a stop word", out[i]);

    /* The length is honoured: "og" is found inside a longer buffer. */
    assert_true(stop_contains(sl, "ogsaa", 2));
    /* stop_word lists the words (sorted, as bsearch needs) and ends. */
    for (size_t i = 1; i < stop_count(sl); i++)
        assert_true(strcmp(stop_word(sl, i - 1), stop_word(sl, i)) < 0);
    assert_null(stop_word(sl, stop_count(sl)));
    stop_free(sl);
}

/* Snowball's own list format: '|' comments, and files edited on Windows. */
static void test_stop_parse_format(void **state)
{
    (void)state;
    static const char text[] =
        "# spor stop list\r\n"
        "og | and\r\n"
        "\r\n"
        "   i\t\r\n"
        "| a whole comment line\n"
        "\n"
        "  \t \n"
        "på# no space before the comment\n"
        "være"; /* no final newline */
    stop_list *sl = NULL;
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(stop_parse(text, strlen(text), &sl, &err), SPOR_OK);
    assert_int_equal(stop_count(sl), 4);
    assert_true(stop_contains(sl, "og", 2));
    assert_true(stop_contains(sl, "i", 1));
    assert_true(stop_contains(sl, "på", strlen("på")));
    assert_true(stop_contains(sl, "være", strlen("være")));
    /* Neither comments nor line-end debris became words. */
    assert_false(stop_contains(sl, "and", 3));
    assert_false(stop_contains(sl, "og\r", 3));
    assert_false(stop_contains(sl, "spor", 4));
    for (size_t i = 0; i < stop_count(sl); i++) {
        const char *w = stop_word(sl, i);
        assert_null(strpbrk(w, " \t\r\n#|"));
    }
    stop_free(sl);

    /* An empty list is a valid list. */
    assert_int_equal(stop_parse("", 0, &sl, &err), SPOR_OK);
    assert_int_equal(stop_count(sl), 0);
    assert_false(stop_contains(sl, "og", 2));
    stop_free(sl);
}

static void test_stop_load_missing(void **state)
{
    (void)state;
    const char *path = SPOR_SOURCE_DIR "/stopwords/no-such-list.txt";
    stop_list *sl = NULL;
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(stop_load(path, &sl, &err), SPOR_EIO);
    assert_int_equal(err.status, SPOR_EIO);
    assert_null(sl);
    assert_non_null(strstr(err.msg, path));
}

/* ---- analyser ----------------------------------------------------------- */

typedef struct term {
    char text[128];
    unsigned pos;
    ana_kind kind;
} term;

typedef struct collector {
    term terms[64];
    size_t n;
    size_t calls;
    size_t fail_at;   /* 1-based call that fails (that one only), 0 never */
    spor_status fail_with;
} collector;

static spor_status collect(void *ctx, const char *t, size_t len, unsigned pos,
                           ana_kind kind)
{
    collector *c = ctx;
    /* Only the one call fails: an analyser that went on after the error
     * would show up as terms recorded after it. */
    if (++c->calls == c->fail_at)
        return c->fail_with;
    assert_true(c->n < sizeof c->terms / sizeof *c->terms);
    assert_true(len < sizeof c->terms[0].text);
    assert_int_equal(strlen(t), len); /* NUL-terminated at len */
    memcpy(c->terms[c->n].text, t, len);
    c->terms[c->n].text[len] = '\0';
    c->terms[c->n].pos = pos;
    c->terms[c->n].kind = kind;
    c->n++;
    return SPOR_OK;
}

/* The bundled Danish stop list. */
static stop_list *load_stops(void)
{
    stop_list *sl = NULL;
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(stop_load(STOPWORDS_PATH, &sl, &err), SPOR_OK);
    return sl;
}

static const char SENTENCE[] = "Den fremskudte beskæftigelsesindsats i "
                               "Top600-programmet kostede 4.700 kr.";

static void test_analyse_sentence(void **state)
{
    (void)state;
    stem_stemmer *s = new_danish();
    stop_list *sl = load_stops();
    spor_err err;
    spor_err_clear(&err);
    ana_analyser a = {.stemmer = s, .stops = sl};

    /* Positions continue from 10, as for a second field of a document. */
    unsigned pos = 10;
    collector c = {0};
    assert_int_equal(ana_analyse(&a, SENTENCE, strlen(SENTENCE), &pos,
                                 collect, &c, &err), SPOR_OK);

    /* Stop words ("den", "i") are positional words without a Z term; the
     * hyphen splits "Top600-programmet"; "4.700" is one number; the final
     * '.' is not part of "kr". Positions are consecutive per word. */
    static const term want[] = {
        {"den", 11, ANA_WORD},
        {"fremskudte", 12, ANA_WORD},
        {"Zfremskud", 0, ANA_STEM},
        {"beskæftigelsesindsats", 13, ANA_WORD},
        {"Zbeskæftigelsesindsat", 0, ANA_STEM},
        {"i", 14, ANA_WORD},
        {"top600", 15, ANA_WORD},
        {"Ztop600", 0, ANA_STEM},
        {"programmet", 16, ANA_WORD},
        {"Zprogram", 0, ANA_STEM},
        {"kostede", 17, ANA_WORD},
        {"Zkosted", 0, ANA_STEM},
        {"4.700", 18, ANA_WORD},
        {"Z4.700", 0, ANA_STEM},
        {"kr", 19, ANA_WORD},
        {"Zkr", 0, ANA_STEM},
    };
    size_t n_want = sizeof want / sizeof *want;
    for (size_t i = 0; i < c.n && i < n_want; i++) {
        if (strcmp(c.terms[i].text, want[i].text) != 0 ||
            c.terms[i].kind != want[i].kind ||
            (want[i].kind == ANA_WORD && c.terms[i].pos != want[i].pos))
            fail_msg("term %zu: got \"%s\" pos %u kind %d, want \"%s\" pos %u "
                     "kind %d", i, c.terms[i].text, c.terms[i].pos,
                     (int)c.terms[i].kind, want[i].text, want[i].pos,
                     (int)want[i].kind);
    }
    assert_int_equal(c.n, n_want);
    assert_int_equal(pos, 19); /* advanced past the last word */

    /* A second call continues where the first ended. */
    c.n = 0;
    assert_int_equal(ana_analyse(&a, "og hjemløse", strlen("og hjemløse"), &pos, collect, &c,
                                 &err), SPOR_OK);
    assert_int_equal(c.n, 3);
    assert_string_equal(c.terms[0].text, "og");
    assert_int_equal(c.terms[0].pos, 20);
    assert_string_equal(c.terms[1].text, "hjemløse");
    assert_int_equal(c.terms[1].pos, 21);
    assert_string_equal(c.terms[2].text, "Zhjemløs");
    assert_int_equal(c.terms[2].kind, ANA_STEM);
    assert_int_equal(pos, 21);

    /* Text without words emits nothing and leaves *pos alone. */
    c.n = 0;
    assert_int_equal(ana_analyse(&a, " -- . ", 6, &pos, collect, &c, &err),
                     SPOR_OK);
    assert_int_equal(c.n, 0);
    assert_int_equal(pos, 21);
    stop_free(sl);
    stem_free(s);
}

/* Without a stop list every word gets its stem term. */
static void test_analyse_without_stop_list(void **state)
{
    (void)state;
    stem_stemmer *s = new_danish();
    ana_analyser a = {.stemmer = s};
    unsigned pos = 0;
    collector c = {0};
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(ana_analyse(&a, "Den og", 6, &pos, collect, &c, &err),
                     SPOR_OK);
    assert_int_equal(c.n, 4);
    assert_string_equal(c.terms[0].text, "den");
    assert_int_equal(c.terms[0].pos, 1);
    assert_string_equal(c.terms[1].text, "Zden");
    assert_string_equal(c.terms[2].text, "og");
    assert_int_equal(c.terms[2].pos, 2);
    assert_string_equal(c.terms[3].text, "Zog");
    stem_free(s);
}

/* A failing emit (the index refusing a term) ends the analysis at once and
 * its status comes back to the caller. */
static void test_analyse_emit_error_stops(void **state)
{
    (void)state;
    stem_stemmer *s = new_danish();
    ana_analyser a = {.stemmer = s};
    spor_err err;

    /* Fail on a word term (call 3: "fremskudte" after "den", "Zden"). */
    unsigned pos = 0;
    collector c = {0};
    c.fail_at = 3;
    c.fail_with = SPOR_EINTERNAL;
    spor_err_clear(&err);
    assert_int_equal(ana_analyse(&a, SENTENCE, strlen(SENTENCE), &pos,
                                 collect, &c, &err), SPOR_EINTERNAL);
    assert_int_equal(c.calls, 3); /* nothing emitted after the failure */
    assert_int_equal(c.n, 2);
    assert_int_equal(err.status, SPOR_EINTERNAL);
    assert_true(err.msg[0] != '\0');

    /* Fail on a stem term (call 4: "Zfremskud"). */
    pos = 0;
    memset(&c, 0, sizeof c);
    c.fail_at = 4;
    c.fail_with = SPOR_ENOMEM;
    spor_err_clear(&err);
    assert_int_equal(ana_analyse(&a, SENTENCE, strlen(SENTENCE), &pos,
                                 collect, &c, &err), SPOR_ENOMEM);
    assert_int_equal(c.calls, 4);
    assert_int_equal(c.n, 3);
    assert_int_equal(err.status, SPOR_ENOMEM);

    /* A message the emitter already recorded is kept, not overwritten. */
    pos = 0;
    memset(&c, 0, sizeof c);
    c.fail_at = 1;
    c.fail_with = SPOR_EIO;
    spor_fail(&err, SPOR_EIO, "emitter: disk full");
    assert_int_equal(ana_analyse(&a, SENTENCE, strlen(SENTENCE), &pos,
                                 collect, &c, &err), SPOR_EIO);
    assert_string_equal(err.msg, "emitter: disk full");
    assert_int_equal(c.n, 0);

    /* err may be NULL. */
    pos = 0;
    memset(&c, 0, sizeof c);
    c.fail_at = 1;
    c.fail_with = SPOR_EIO;
    assert_int_equal(ana_analyse(&a, SENTENCE, strlen(SENTENCE), &pos,
                                 collect, &c, NULL), SPOR_EIO);
    stem_free(s);
}

/* ---- the memo of analysed words (anamemo.h) ------------------------------ */

/* Splits "beskæftigelsesindsats" (and "-indsatsen") after the linking s,
 * counting its calls. */
typedef struct stub_splitter {
    unsigned calls;
} stub_splitter;

static size_t stub_split(void *ctx, const char *word, size_t len,
                         cpd_split *out)
{
    stub_splitter *sp = ctx;
    static const char head[] = "beskæftigelses";
    size_t h = strlen(head);
    sp->calls++;
    if (len <= h + 3 || memcmp(word, head, h))
        return 0;
    out->n = 2;
    out->parts[0].start = 0;
    out->parts[0].len = h - 1;
    out->parts[1].start = h;
    out->parts[1].len = len - h;
    return 2;
}

static const char REPEATS[] = "Beskæftigelsesindsatsen og den fremskudte "
                              "beskæftigelsesindsats: indsatsen, den og "
                              "fremskudte.";

/* The terms of text analysed by a (after an emit that fails at call
 * fail_at, when not 0, on the same text first). */
static void analyse_into(ana_analyser *a, const char *text, size_t fail_at,
                         collector *c)
{
    unsigned pos = 0;
    if (fail_at) {
        memset(c, 0, sizeof *c);
        c->fail_at = fail_at;
        c->fail_with = SPOR_EIO;
        assert_int_equal(ana_analyse(a, text, strlen(text), &pos, collect,
                                     c, NULL), SPOR_EIO);
        pos = 0;
    }
    memset(c, 0, sizeof *c);
    assert_int_equal(ana_analyse(a, text, strlen(text), &pos, collect, c,
                                 NULL), SPOR_OK);
}

static void assert_same_terms(const collector *x, const collector *y)
{
    assert_int_equal(x->n, y->n);
    for (size_t i = 0; i < x->n; i++) {
        assert_string_equal(x->terms[i].text, y->terms[i].text);
        assert_int_equal(x->terms[i].pos, y->terms[i].pos);
        assert_int_equal(x->terms[i].kind, y->terms[i].kind);
    }
}

/* With a memo the analyser emits exactly what it emits without one, for
 * words met the first time, met again, and met again after an emit failed
 * half-way through them; and it asks the splitter once per word. */
static void test_analyse_memo_same_terms(void **state)
{
    (void)state;
    stem_stemmer *s = new_danish();
    stop_list *sl = load_stops();
    stub_splitter plain_calls = {0}, memo_calls = {0};
    ana_analyser plain = {.stemmer = s, .stops = sl, .split = stub_split,
                          .split_ctx = &plain_calls};
    ana_analyser memo = plain;
    memo.split_ctx = &memo_calls;
    assert_int_equal(ana_memo_new(&memo.memo), SPOR_OK);

    collector want, got;
    analyse_into(&plain, REPEATS, 0, &want);
    /* Failing at the part "Cindsats" of the first word (calls: the word,
     * Z, C, C): the half-recorded word must not be kept. */
    analyse_into(&memo, REPEATS, 4, &got);
    assert_same_terms(&want, &got);
    analyse_into(&memo, REPEATS, 0, &got); /* all from the memo now */
    assert_same_terms(&want, &got);
    analyse_into(&plain, SENTENCE, 0, &want);
    analyse_into(&memo, SENTENCE, 0, &got);
    assert_same_terms(&want, &got);

    /* The parts are there, once per occurrence of the compound. */
    size_t parts = 0;
    for (size_t i = 0; i < got.n; i++)
        parts += got.terms[i].kind == ANA_PART;
    assert_int_equal(parts, 2);
    /* REPEATS has 4 distinct words that are no stop word, SENTENCE 5
     * more; the one recorded half is asked twice. */
    assert_int_equal(memo_calls.calls, 4 + 5 + 1);
    assert_true(plain_calls.calls > memo_calls.calls);

    ana_memo_free(memo.memo);
    ana_memo_free(NULL);
    stop_free(sl);
    stem_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stem_inflections_share_stem),
        cmocka_unit_test(test_stem_keep_list),
        cmocka_unit_test(test_stem_irregular_forms),
        cmocka_unit_test(test_stem_successive_calls),
        cmocka_unit_test(test_stem_xapian_callback),
        cmocka_unit_test(test_stem_unknown_language),
        cmocka_unit_test(test_stop_load_danish),
        cmocka_unit_test(test_stop_parse_format),
        cmocka_unit_test(test_stop_load_missing),
        cmocka_unit_test(test_analyse_sentence),
        cmocka_unit_test(test_analyse_without_stop_list),
        cmocka_unit_test(test_analyse_emit_error_stops),
        cmocka_unit_test(test_analyse_memo_same_terms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
