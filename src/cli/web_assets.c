/* The page spor web serves, built into the binary (web.h): its HTML, CSS
 * and JavaScript come from src/cli/web, turned into byte arrays at build
 * time (embed.cmake), so an installed spor needs no files beside it. The
 * page's three views share one HTML file; app.js draws the one its path
 * names. */
#include <string.h>

#include "web.h"

extern const unsigned char web_asset_index_html[], web_asset_app_js[],
    web_asset_style_css[], web_asset_favicon_svg[];
extern const size_t web_asset_index_html_len, web_asset_app_js_len,
    web_asset_style_css_len, web_asset_favicon_svg_len;

typedef struct web_asset_file {
    const char *path;
    const char *type;
    const unsigned char *bytes;
    const size_t *len;
} web_asset_file;

static const web_asset_file assets[] = {
    {"/", "text/html; charset=utf-8", web_asset_index_html,
     &web_asset_index_html_len},
    {"/sammenlign", "text/html; charset=utf-8", web_asset_index_html,
     &web_asset_index_html_len},
    {"/passage", "text/html; charset=utf-8", web_asset_index_html,
     &web_asset_index_html_len},
    {"/app.js", "text/javascript; charset=utf-8", web_asset_app_js,
     &web_asset_app_js_len},
    {"/style.css", "text/css; charset=utf-8", web_asset_style_css,
     &web_asset_style_css_len},
    /* Browsers ask for an icon; an answer keeps their logs clean. */
    {"/favicon.ico", "image/svg+xml", web_asset_favicon_svg,
     &web_asset_favicon_svg_len},
    {"/favicon.svg", "image/svg+xml", web_asset_favicon_svg,
     &web_asset_favicon_svg_len},
};

int web_asset(const char *path, web_reply *out)
{
    for (size_t i = 0; i < sizeof assets / sizeof *assets; i++)
        if (!strcmp(path, assets[i].path)) {
            out->status = 200;
            out->type = assets[i].type;
            out->body = (const char *)assets[i].bytes;
            out->len = *assets[i].len;
            return 0;
        }
    return -1;
}
