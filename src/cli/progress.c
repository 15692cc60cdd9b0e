/* Drawing the indexing progress line (see progress.h). */
#include "progress.h"

#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "paths.h"

/* Redrawing more often than this only costs time: the eye reads about ten
 * updates a second. The first and the last file are always drawn. */
#define PROGRESS_REDRAW_SECONDS 0.1
/* Width assumed when the terminal does not say. */
#define PROGRESS_DEFAULT_WIDTH 80
/* A rate measured over less than this is noise: no time left is shown. */
#define PROGRESS_MIN_SECONDS_FOR_RATE 0.2

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_start(cli_progress *p, FILE *out)
{
    memset(p, 0, sizeof *p);
    p->out = out;
    p->t0 = now();
    p->last_draw = -1.0;
    p->width = PROGRESS_DEFAULT_WIDTH;
    struct winsize ws;
    if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
        p->width = ws.ws_col;
}

void cli_progress_clear(cli_progress *p)
{
    if (!p->shown)
        return;
    /* \033[K erases to the end of the line. */
    fputs("\r\033[K", p->out);
    fflush(p->out);
    p->shown = 0;
}

void cli_progress_update(void *ctx, const idx_progress *pg)
{
    cli_progress *p = ctx;
    double t = now();
    int last = pg->files_done == pg->files_total;
    if (!last && p->last_draw >= 0 &&
        t - p->last_draw < PROGRESS_REDRAW_SECONDS)
        return;
    p->last_draw = t;
    double elapsed = t - p->t0;
    double mb_done = (double)pg->bytes_done / 1e6;
    double mb_total = (double)pg->bytes_total / 1e6;
    char line[512];
    int n = snprintf(line, sizeof line, "indexing %u/%u files  %.1f/%.1f MB",
                     pg->files_done, pg->files_total, mb_done, mb_total);
    if (elapsed >= PROGRESS_MIN_SECONDS_FOR_RATE && pg->bytes_done) {
        double rate = mb_done / elapsed;
        double left = (mb_total - mb_done) / rate;
        n += snprintf(line + n, sizeof line - (size_t)n,
                      "  %.1f MB/s  %d:%02d left", rate, (int)left / 60,
                      (int)left % 60);
    } else {
        n += snprintf(line + n, sizeof line - (size_t)n,
                      "  -- MB/s  -:-- left");
    }
    /* The file name fills what is left of the line, cut from the left so
     * its end (the file's own name) shows. */
    size_t room = p->width > (unsigned)n + 4 ? p->width - (unsigned)n - 3 : 0;
    const char *path = cli_shown_path(pg->path);
    size_t pl = strlen(path);
    if (pl > room) {
        path += pl - room;
        /* Do not start in the middle of a UTF-8 sequence. */
        while (*path && ((unsigned char)*path & 0xC0) == 0x80)
            path++;
    }
    fprintf(p->out, "\r%s  %s\033[K", line, room ? path : "");
    fflush(p->out);
    p->shown = 1;
}
