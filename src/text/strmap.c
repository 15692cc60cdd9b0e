/* String → count hash map (see strmap.h). Slots hold an offset into the
 * key arena, the key's length, its hash and the count; the table doubles
 * when it is more than MAX_LOAD full. */
#include "spor/text/strmap.h"

#include <stdlib.h>
#include <string.h>

#define SMAP_INITIAL_SLOTS 1024
/* Linear probing degrades quickly past about 70% load. */
#define SMAP_MAX_LOAD_NUM 7
#define SMAP_MAX_LOAD_DEN 10
#define SMAP_ARENA_CHUNK (1u << 20)

typedef struct slot {
    uint64_t hash; /* 0 = empty */
    const char *key;
    uint32_t len;
    uint32_t count;
} slot;

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    char data[];
} chunk;

struct strmap {
    slot *slots;
    size_t n_slots, n_used;
    chunk *arena;
};

static uint64_t hash_key(const char *k, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)k[i]) * 0x100000001b3ULL;
    return h ? h : 1; /* 0 marks an empty slot */
}

spor_status smap_new(strmap **out)
{
    strmap *m = calloc(1, sizeof *m);
    if (!m)
        return SPOR_ENOMEM;
    m->slots = calloc(SMAP_INITIAL_SLOTS, sizeof *m->slots);
    if (!m->slots) {
        free(m);
        return SPOR_ENOMEM;
    }
    m->n_slots = SMAP_INITIAL_SLOTS;
    *out = m;
    return SPOR_OK;
}

void smap_free(strmap *m)
{
    if (!m)
        return;
    while (m->arena) {
        chunk *c = m->arena;
        m->arena = c->next;
        free(c);
    }
    free(m->slots);
    free(m);
}

static const char *arena_copy(strmap *m, const char *key, size_t len)
{
    chunk *c = m->arena;
    if (!c || c->cap - c->used < len + 1) {
        size_t cap = len + 1 > SMAP_ARENA_CHUNK ? len + 1 : SMAP_ARENA_CHUNK;
        chunk *n = malloc(sizeof *n + cap);
        if (!n)
            return NULL;
        n->next = c;
        n->used = 0;
        n->cap = cap;
        m->arena = c = n;
    }
    char *p = c->data + c->used;
    memcpy(p, key, len);
    p[len] = '\0';
    c->used += len + 1;
    return p;
}

static slot *find(const strmap *m, const char *key, size_t len, uint64_t h)
{
    size_t mask = m->n_slots - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        slot *s = &m->slots[i];
        if (!s->hash || (s->hash == h && s->len == len &&
                         !memcmp(s->key, key, len)))
            return s;
    }
}

static spor_status grow(strmap *m)
{
    size_t n = m->n_slots * 2;
    slot *old = m->slots, *fresh = calloc(n, sizeof *fresh);
    if (!fresh)
        return SPOR_ENOMEM;
    size_t old_n = m->n_slots;
    m->slots = fresh;
    m->n_slots = n;
    for (size_t i = 0; i < old_n; i++)
        if (old[i].hash)
            *find(m, old[i].key, old[i].len, old[i].hash) = old[i];
    free(old);
    return SPOR_OK;
}

spor_status smap_add(strmap *m, const char *key, size_t len, uint32_t inc)
{
    if (len > UINT32_MAX)
        return SPOR_EINVAL;
    uint64_t h = hash_key(key, len);
    slot *s = find(m, key, len, h);
    if (s->hash) {
        s->count = s->count > UINT32_MAX - inc ? UINT32_MAX : s->count + inc;
        return SPOR_OK;
    }
    if ((m->n_used + 1) * SMAP_MAX_LOAD_DEN > m->n_slots * SMAP_MAX_LOAD_NUM) {
        if (grow(m) != SPOR_OK)
            return SPOR_ENOMEM;
        s = find(m, key, len, h);
    }
    const char *k = arena_copy(m, key, len);
    if (!k)
        return SPOR_ENOMEM;
    s->hash = h;
    s->key = k;
    s->len = (uint32_t)len;
    s->count = inc;
    m->n_used++;
    return SPOR_OK;
}

void smap_sub(strmap *m, const char *key, size_t len, uint32_t dec)
{
    slot *s = find(m, key, len, hash_key(key, len));
    if (s->hash)
        s->count = s->count > dec ? s->count - dec : 0;
}

uint32_t smap_get(const strmap *m, const char *key, size_t len, int *found)
{
    const slot *s = find(m, key, len, hash_key(key, len));
    if (found)
        *found = s->hash != 0;
    return s->hash ? s->count : 0;
}

size_t smap_size(const strmap *m)
{
    return m->n_used;
}

void smap_each(const strmap *m, smap_each_fn fn, void *ctx)
{
    for (size_t i = 0; i < m->n_slots; i++)
        if (m->slots[i].hash &&
            fn(ctx, m->slots[i].key, m->slots[i].len, m->slots[i].count))
            return;
}
