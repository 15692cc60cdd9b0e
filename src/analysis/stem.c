/* Snowball stemming through libstemmer, after Scandinavian normalisation
 * (fold.h), so "hjemloeshed" and "hjemløshed" share a stem. libstemmer
 * returns a pointer into the stemmer's own state, valid until its next
 * call, so a stem_stemmer is not shared between threads; each searcher or
 * indexer owns one. */
#include "spor/analysis/stem.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spor/text/buf.h"
#include "spor/text/fold.h"

/* Danish words whose forms Snowball leaves apart, each group with the
 * stem all its forms get (Snowball's stem of the first form): plurals
 * with a changed vowel (barn/børn, mand/mænd, bog/bøger, nat/nætter),
 * nouns that drop an e before -er (center/centret, nummer/numre,
 * forælder/forældre, minister/ministre, datter/døtre), and short nouns
 * whose endings Snowball never reaches, since its suffixes must start
 * after the third letter (by/byen/byer, år/året/årene, ø/øen/øer), and
 * adjectives whose neuter -t it keeps (stor/stort/store, ny/nyt/nye). The
 * neuter forms that are mostly adverbs ("godt", "helt") are left out: they
 * would bring "well" and "quite" to every search for "god" and "hel". */
static const char *const irregular_groups[][12] = {
    {"barn", "barnet", "barnets", "barns", "børn", "børnene", "børns",
     "børnenes"},
    {"mand", "manden", "mandens", "mands", "mænd", "mændene", "mænds",
     "mændenes"},
    {"bog", "bogen", "bogens", "bøger", "bøgerne", "bøgernes"},
    {"nat", "natten", "nattens", "nætter", "nætterne"},
    {"mor", "moren", "morens", "mors", "moderen", "mødre", "mødrene",
     "mødres"},
    {"far", "faren", "farens", "fars", "faderen", "fædre", "fædrene",
     "fædres"},
    {"bror", "broren", "brorens", "brors", "broderen", "brødre", "brødrene",
     "brødres"},
    {"datter", "datteren", "datterens", "datters", "døtre", "døtrene",
     "døtres"},
    {"center", "centeret", "centerets", "centers", "centret", "centrets",
     "centre", "centrene", "centrenes", "centres"},
    {"nummer", "nummeret", "nummerets", "nummers", "numre", "numrene",
     "numrenes", "numres"},
    {"forælder", "forælderen", "forælders", "forældre", "forældrene",
     "forældres", "forældrenes"},
    {"minister", "ministeren", "ministerens", "ministers", "ministre",
     "ministrene", "ministres"},
    {"by", "byen", "byens", "bys", "byer", "byerne", "byernes", "byers"},
    {"år", "året", "årets", "års", "årene", "årenes"},
    {"ø", "øen", "øens", "øer", "øerne", "øernes"},
    {"stor", "stort", "store"},
    {"ny", "nyt", "nye"},
    {"høj", "højt", "høje"},
    {"ung", "ungt", "unge"},
    {"gammel", "gammelt", "gamle"},
};
/* A compound ends in one of these forms when what comes before has at
 * least this many bytes ("storbyen", "jobcentret", "plejeforældre"); a
 * shorter head is a word of its own ("såret", wounded, is no year). */
#define STEM_IRREGULAR_HEAD_MIN 3

/* Slots of the irregular forms' hash set: a power of two, at least
 * twice the forms (about 160), so that probes stay short. */
#define IRR_HASH_SLOTS 512
#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

/* The hash of a tail w[k..len) from that of w[k+1..len) (h, FNV_OFFSET for
 * the empty tail): bytes are taken from the end, so that the tails of one
 * word are hashed in one pass. Never 0, the empty slot. */
static uint64_t tail_hash(uint64_t h, unsigned char b)
{
    return ((h ^ b) * FNV_PRIME) | 1;
}

typedef struct irregular_form {
    const char *form;
    const char *stem; /* NUL-terminated, owned by the stemmer */
} irregular_form;

struct stem_stemmer {
    struct sb_stemmer *sb;
    sbuf folded; /* the word after Scandinavian normalisation */
    sbuf joined; /* a compound's head and an irregular form's stem */
    char *keep;          /* the keep list, its lines NUL-terminated */
    const char **keep_w; /* its words, sorted by bytes */
    size_t n_keep;
    irregular_form *irr; /* every irregular form, sorted by bytes */
    size_t n_irr;
    char *irr_stems;     /* the groups' stems, NUL-terminated */
    /* The forms' tail hashes (tail_hash), open addressing, 0 empty: every
     * word of a page's hits is stemmed and each of its tails looked up,
     * and few are irregular, so a tail is first looked for here, and
     * searched in irr only when its hash is. */
    uint64_t irr_hash[IRR_HASH_SLOTS];
};

static int cmp_irregular(const void *a, const void *b)
{
    return strcmp(((const irregular_form *)a)->form,
                  ((const irregular_form *)b)->form);
}

/* The table of irregular forms with their groups' stems, from Snowball. */
static int build_irregular(stem_stemmer *s)
{
    size_t n_groups = sizeof irregular_groups / sizeof *irregular_groups;
    size_t n = 0, bytes = 0;
    for (size_t g = 0; g < n_groups; g++) {
        bytes += strlen(irregular_groups[g][0]) + 1;
        for (size_t i = 0; irregular_groups[g][i]; i++)
            n++;
    }
    s->irr = malloc(n * sizeof *s->irr);
    s->irr_stems = malloc(bytes);
    if (!s->irr || !s->irr_stems)
        return -1;
    char *at = s->irr_stems;
    for (size_t g = 0; g < n_groups; g++) {
        const char *lemma = irregular_groups[g][0];
        const sb_symbol *r = sb_stemmer_stem(s->sb, (const sb_symbol *)lemma,
                                             (int)strlen(lemma));
        if (!r)
            return -1;
        size_t len = (size_t)sb_stemmer_length(s->sb);
        memcpy(at, r, len);
        at[len] = '\0';
        for (size_t i = 0; irregular_groups[g][i]; i++) {
            const char *f = irregular_groups[g][i];
            s->irr[s->n_irr++] = (irregular_form){f, at};
            uint64_t h = FNV_OFFSET;
            for (size_t k = strlen(f); k-- > 0;)
                h = tail_hash(h, (unsigned char)f[k]);
            size_t slot = (size_t)(h >> 7) & (IRR_HASH_SLOTS - 1);
            while (s->irr_hash[slot] && s->irr_hash[slot] != h)
                slot = (slot + 1) & (IRR_HASH_SLOTS - 1);
            s->irr_hash[slot] = h;
        }
        at += len + 1;
    }
    qsort(s->irr, s->n_irr, sizeof *s->irr, cmp_irregular);
    return 0;
}

spor_status stem_new(const char *lang, stem_stemmer **out, spor_err *err)
{
    stem_stemmer *s = calloc(1, sizeof *s);
    if (!s)
        return spor_fail(err, SPOR_ENOMEM, "stemmer: out of memory");
    s->sb = sb_stemmer_new(lang, NULL);
    if (!s->sb) {
        free(s);
        return spor_fail(err, SPOR_EINVAL,
                         "stemmer: no Snowball stemmer for '%s'", lang);
    }
    /* The table is Danish; other languages stem as Snowball does. */
    if (!strcmp(lang, "danish") && build_irregular(s)) {
        stem_free(s);
        return spor_fail(err, SPOR_ENOMEM, "stemmer: out of memory");
    }
    *out = s;
    return SPOR_OK;
}

void stem_free(stem_stemmer *s)
{
    if (!s)
        return;
    sb_stemmer_delete(s->sb);
    sbuf_free(&s->folded);
    sbuf_free(&s->joined);
    free(s->keep);
    free(s->keep_w);
    free(s->irr);
    free(s->irr_stems);
    free(s);
}

/* Byte order of a word and a NUL-terminated list word. */
static int cmp_word(const char *w, size_t len, const char *k)
{
    size_t klen = strlen(k);
    int c = memcmp(w, k, len < klen ? len : klen);
    return c ? c : (len > klen) - (len < klen);
}

/* The index of w in n elements of stride bytes from base, sorted by the
 * string each starts with (a const char *), or -1. */
static long find_sorted(const void *base, size_t n, size_t stride,
                        const char *w, size_t len)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *k =
            *(const char *const *)((const char *)base + mid * stride);
        int c = cmp_word(w, len, k);
        if (!c)
            return (long)mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

static int in_keep_list(const stem_stemmer *s, const char *w, size_t len)
{
    return find_sorted(s->keep_w, s->n_keep, sizeof *s->keep_w, w, len) >= 0;
}

/* A Danish compound inflects as its last part does, so a word ending in
 * a listed word keeps its s too ("beskæftigelsesindsats" as "indsats").
 * Only listed words of STEM_KEEP_HEAD_MIN bytes or more count as a last
 * part: the short ones are often the tail of a plural or genitive
 * ("ters" of "ministers", "hans" of "johans"); compounds of those that
 * the word list has ("dagpengesats") are listed themselves. A first part
 * has at least STEM_KEEP_HEAD_MIN_REST bytes. Kept words all end in s. */
#define STEM_KEEP_HEAD_MIN 5
#define STEM_KEEP_HEAD_MIN_REST 3

static int is_kept(const stem_stemmer *s, const char *w, size_t len)
{
    if (!len || w[len - 1] != 's')
        return 0;
    if (in_keep_list(s, w, len))
        return 1;
    for (size_t i = STEM_KEEP_HEAD_MIN_REST; i + STEM_KEEP_HEAD_MIN <= len;
         i++) {
        if (((unsigned char)w[i] & 0xC0) == 0x80)
            continue; /* inside a UTF-8 character */
        if (in_keep_list(s, w + i, len - i))
            return 1;
    }
    return 0;
}

/* The group stem of w[0..len) as an irregular form, or NULL. */
static const char *irregular_stem(const stem_stemmer *s, const char *w,
                                  size_t len)
{
    long i = find_sorted(s->irr, s->n_irr, sizeof *s->irr, w, len);
    return i >= 0 ? s->irr[i].stem : NULL;
}

/* When w is an irregular form, or a compound ending in one, its stem goes
 * into s->joined (the head as it is, then the group's stem): 1, else 0,
 * -1 when out of memory. */
/* Whether a form's tail hash is h (irr_hash). */
static int irr_hash_has(const stem_stemmer *s, uint64_t h)
{
    size_t slot = (size_t)(h >> 7) & (IRR_HASH_SLOTS - 1);
    while (s->irr_hash[slot]) {
        if (s->irr_hash[slot] == h)
            return 1;
        slot = (slot + 1) & (IRR_HASH_SLOTS - 1);
    }
    return 0;
}

static int stem_irregular(stem_stemmer *s, const char *w, size_t len)
{
    if (!s->n_irr)
        return 0;
    /* The longest tail that is a form wins: the tails are hashed from the
     * shortest, so the last one found is kept. */
    const char *stem = NULL;
    size_t at = 0;
    uint64_t h = FNV_OFFSET;
    for (size_t i = len; i-- > 0;) {
        h = tail_hash(h, (unsigned char)w[i]);
        if (i && i < STEM_IRREGULAR_HEAD_MIN)
            continue;
        if (((unsigned char)w[i] & 0xC0) == 0x80)
            continue; /* inside a UTF-8 character */
        const char *found =
            irr_hash_has(s, h) ? irregular_stem(s, w + i, len - i) : NULL;
        if (found) {
            stem = found;
            at = i;
        }
    }
    if (!stem)
        return 0;
    sbuf_reset(&s->joined);
    if (sbuf_append(&s->joined, w, at) || sbuf_append_str(&s->joined, stem))
        return -1;
    return 1;
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

spor_status stem_set_keep(stem_stemmer *s, const char *list, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += list[i] == '\n';
    char *copy = malloc(len + 1);
    const char **w = calloc(n + 1, sizeof *w);
    if (!copy || !w) {
        free(copy);
        free(w);
        return SPOR_ENOMEM;
    }
    memcpy(copy, list, len);
    copy[len] = '\0';
    size_t k = 0;
    for (char *p = copy; *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (*p)
            w[k++] = p;
        if (!nl)
            break;
        p = nl + 1;
    }
    /* Sorted already when stem_find_keep wrote it; an index is data, so
     * sort again rather than trust it. */
    qsort(w, k, sizeof *w, cmp_cstr);
    free(s->keep);
    free(s->keep_w);
    s->keep = copy;
    s->keep_w = w;
    s->n_keep = k;
    return SPOR_OK;
}

typedef struct keep_ctx {
    stem_stemmer *s;
    const strmap *wordlist;
    sbuf defin;   /* word + "en" */
    char **found;
    size_t n, cap;
    spor_status st;
} keep_ctx;

/* The least a word must be to be judged: shorter words ending in s are
 * function words and names ("hans", "hos"). */
#define STEM_KEEP_MIN_LEN 4

static spor_status fold_and_stem(stem_stemmer *s, const char *word,
                                 size_t len, int use_keep, const char **out,
                                 size_t *out_len);

static int keep_one(void *ctx, const char *w, size_t len, uint32_t count)
{
    keep_ctx *k = ctx;
    (void)count;
    if (len < STEM_KEEP_MIN_LEN || w[len - 1] != 's')
        return 0;
    int found = 0;
    sbuf_reset(&k->defin);
    if (sbuf_append(&k->defin, w, len) || sbuf_append_str(&k->defin, "en"))
        goto nomem;
    smap_get(k->wordlist, k->defin.data, k->defin.len, &found);
    if (!found)
        return 0;
    /* Snowball's own stem: the list is what corrects it. */
    stem_stemmer *s = k->s;
    const char *r;
    size_t rl;
    if (fold_and_stem(s, w, len, 0, &r, &rl) != SPOR_OK)
        goto nomem;
    if (rl + 1 != s->folded.len || memcmp(r, s->folded.data, rl))
        return 0;
    if (spor_grow(&k->found, &k->cap, k->n, sizeof *k->found, 64))
        goto nomem;
    if (!(k->found[k->n] = strndup(s->folded.data, s->folded.len)))
        goto nomem;
    k->n++;
    return 0;
nomem:
    k->st = SPOR_ENOMEM;
    return 1;
}

spor_status stem_find_keep(stem_stemmer *s, const strmap *wordlist,
                           sbuf *out)
{
    keep_ctx k = {s, wordlist, SBUF_INIT, NULL, 0, 0, SPOR_OK};
    if (wordlist)
        smap_each(wordlist, keep_one, &k);
    sbuf_free(&k.defin);
    if (!k.st && k.n > 1)
        qsort(k.found, k.n, sizeof *k.found, cmp_cstr);
    for (size_t i = 0; i < k.n && !k.st; i++)
        if ((!i || strcmp(k.found[i], k.found[i - 1])) &&
            (sbuf_append_str(out, k.found[i]) || sbuf_append_char(out, '\n')))
            k.st = SPOR_ENOMEM;
    for (size_t i = 0; i < k.n; i++)
        free(k.found[i]);
    free(k.found);
    return k.st;
}

/* The stem of word after folding (the folded form stays in s->folded);
 * the keep list and the irregular forms apply when use_keep is set. */
static spor_status fold_and_stem(stem_stemmer *s, const char *word,
                                 size_t len, int use_keep, const char **out,
                                 size_t *out_len)
{
    if (len > (size_t)INT32_MAX)
        return SPOR_EINVAL;
    sbuf_reset(&s->folded);
    if (fold_scandinavian(word, len, &s->folded) != SPOR_OK)
        return SPOR_ENOMEM;
    if (use_keep && s->n_keep && is_kept(s, s->folded.data, s->folded.len)) {
        *out = s->folded.data;
        *out_len = s->folded.len;
        return SPOR_OK;
    }
    int irr = use_keep ? stem_irregular(s, s->folded.data, s->folded.len) : 0;
    if (irr < 0)
        return SPOR_ENOMEM;
    if (irr) {
        *out = s->joined.data;
        *out_len = s->joined.len;
        return SPOR_OK;
    }
    const sb_symbol *r = sb_stemmer_stem(s->sb,
                                         (const sb_symbol *)s->folded.data,
                                         (int)s->folded.len);
    if (!r)
        return SPOR_ENOMEM; /* libstemmer's only failure is allocation */
    *out = (const char *)r;
    *out_len = (size_t)sb_stemmer_length(s->sb);
    return SPOR_OK;
}

spor_status stem_word(stem_stemmer *s, const char *word, size_t len,
                      const char **out, size_t *out_len)
{
    return fold_and_stem(s, word, len, 1, out, out_len);
}

long stem_xapian_callback(void *ctx, const char *word, size_t len, char *out,
                          size_t outcap)
{
    const char *st;
    size_t n;
    if (stem_word(ctx, word, len, &st, &n) != SPOR_OK || n > outcap)
        return -1;
    memcpy(out, st, n);
    return (long)n;
}
