/* Resolving typed place names (placename.h): the gazetteer first, then the
 * index's own place terms, then the spelling without Danish letters, and
 * for a name none of them knows, the gazetteer's names nearest to it. */
#include "placename.h"

#include <stdlib.h>
#include <string.h>

#include "spor/store/schema.h"
#include "spor/text/distance.h"
#include "spor/text/fold.h"
#include "spor/text/utf8.h"

/* At most this many nearest names are suggested. */
#define PN_NEAR_MAX 3

/* name as compared without Danish letters: lower case, Scandinavian
 * folding (aa as å, oe as ø), then ø as o and å as a, so "Kobenhavn",
 * "koebenhavn" and "København" meet, and "Arhus" and "Aarhus". */
static spor_status skeleton(const char *name, size_t len, sbuf *out)
{
    sbuf low = SBUF_INIT, folded = SBUF_INIT;
    sbuf_reset(out);
    spor_status st = utf8_lower(name, len, &low);
    if (!st && low.len)
        st = fold_scandinavian(low.data, low.len, &folded);
    for (size_t i = 0; !st && i < folded.len; i++) {
        const unsigned char *c = (const unsigned char *)folded.data + i;
        if (i + 1 < folded.len && c[0] == 0xC3 && (c[1] == 0xB8 || c[1] == 0xA5)) {
            st = sbuf_append_char(out, c[1] == 0xB8 ? 'o' : 'a');
            i++;
        } else {
            st = sbuf_append_char(out, (char)c[0]);
        }
    }
    sbuf_free(&low);
    sbuf_free(&folded);
    return st;
}

/* "P" + name lower-cased, malloc'd. */
static char *place_term(const char *name, size_t len)
{
    sbuf t = SBUF_INIT;
    if (sbuf_append_str(&t, SCHEMA_PREFIX_PLACE) || utf8_lower(name, len, &t)) {
        sbuf_free(&t);
        return NULL;
    }
    return sbuf_detach(&t, NULL);
}

/* The gazetteer's places by their skeletons: the one whose skeleton is
 * want's (*same, -1 when none or several), and the nearest ones into
 * near. */
typedef struct pn_near {
    int same, n_same;
    unsigned id[PN_NEAR_MAX], d[PN_NEAR_MAX];
    size_t n;
} pn_near;

static void keep_near(pn_near *nr, unsigned id, unsigned d)
{
    size_t at = nr->n < PN_NEAR_MAX ? nr->n++ : PN_NEAR_MAX;
    while (at > 0 && nr->d[at - 1] > d) {
        if (at < PN_NEAR_MAX) {
            nr->d[at] = nr->d[at - 1];
            nr->id[at] = nr->id[at - 1];
        }
        at--;
    }
    if (at < PN_NEAR_MAX) {
        nr->d[at] = d;
        nr->id[at] = id;
    }
}

static spor_status scan_gazetteer(const pl_gazetteer *gaz, const sbuf *want,
                                  pn_near *nr)
{
    /* A name this far from every known one is no misspelling of any. */
    unsigned limit = 1 + (unsigned)want->len / 4;
    sbuf sk = SBUF_INIT;
    spor_status st = SPOR_OK;
    nr->same = -1;
    for (size_t id = 0; gaz && id < pl_count(gaz) && !st; id++) {
        const char *name = pl_name(gaz, (unsigned)id);
        if ((st = skeleton(name, strlen(name), &sk)) != SPOR_OK)
            break;
        if (sk.len == want->len && !memcmp(sk.data, want->data, sk.len)) {
            nr->same = (int)id;
            nr->n_same++;
        }
        size_t d = text_edit_distance(want->data, want->len, sk.data,
                                      sk.len);
        if (d <= limit)
            keep_near(nr, (unsigned)id, (unsigned)d);
    }
    sbuf_free(&sk);
    return st;
}

int pn_lookup(const pl_gazetteer *gaz, const char *name, size_t len)
{
    int id = gaz ? pl_lookup(gaz, name, len) : -1;
    if (id >= 0 || !gaz)
        return id;
    sbuf want = SBUF_INIT;
    pn_near nr = {0};
    if (skeleton(name, len, &want) == SPOR_OK && want.len &&
        scan_gazetteer(gaz, &want, &nr) == SPOR_OK && nr.n_same == 1)
        id = nr.same;
    sbuf_free(&want);
    return id;
}

/* 1 when the index has passages tagged with term. */
static int index_has(xc_db *db, const char *term)
{
    unsigned tf = 0;
    xc_error xe;
    return db && xc_db_termfreq(db, term, &tf, &xe) == XC_OK && tf > 0;
}

spor_status pn_resolve(const pl_gazetteer *gaz, xc_db *db, const char *name,
                       size_t len, char **term, sbuf *near, spor_err *err)
{
    *term = NULL;
    sbuf_reset(near);
    int id = gaz ? pl_lookup(gaz, name, len) : -1;
    const char *canon = id >= 0 ? pl_name(gaz, (unsigned)id) : name;
    if (!(*term = place_term(canon, id >= 0 ? strlen(canon) : len)))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (id >= 0 || !gaz || index_has(db, *term))
        return SPOR_OK;
    free(*term);
    *term = NULL;
    sbuf want = SBUF_INIT;
    pn_near nr = {0};
    spor_status st = skeleton(name, len, &want);
    if (!st && want.len)
        st = scan_gazetteer(gaz, &want, &nr);
    sbuf_free(&want);
    if (!st && nr.n_same == 1) {
        canon = pl_name(gaz, (unsigned)nr.same);
        if (!(*term = place_term(canon, strlen(canon))))
            st = SPOR_ENOMEM;
        return st ? spor_fail(err, st, "out of memory") : SPOR_OK;
    }
    for (size_t i = 0; !st && i < nr.n; i++)
        if ((i && sbuf_append_str(near, ", ")) ||
            sbuf_append_str(near, pl_name(gaz, nr.id[i])))
            st = SPOR_ENOMEM;
    return st ? spor_fail(err, st, "out of memory") : SPOR_OK;
}
