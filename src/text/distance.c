/* Levenshtein distance over bytes, one row at a time (distance.h). */
#include "spor/text/distance.h"

size_t text_edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
    if (na > TEXT_DISTANCE_MAX_LEN || nb > TEXT_DISTANCE_MAX_LEN)
        return (size_t)-1;
    size_t row[TEXT_DISTANCE_MAX_LEN + 1];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}
