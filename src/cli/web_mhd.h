/* libmicrohttpd, loaded only by `spor web` (web_mhd.c): the functions
 * web_http.c calls, with the prototypes of <microhttpd.h>. */
#ifndef SPOR_CLI_WEB_MHD_H
#define SPOR_CLI_WEB_MHD_H

#include <stdarg.h>
#include <stdint.h>
#include <sys/socket.h>

#include <microhttpd.h>

typedef struct web_mhd {
    __typeof__(MHD_start_daemon) *start_daemon;
    __typeof__(MHD_stop_daemon) *stop_daemon;
    __typeof__(MHD_get_daemon_info) *get_daemon_info;
    __typeof__(MHD_lookup_connection_value) *lookup_connection_value;
    __typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
    __typeof__(MHD_add_response_header) *add_response_header;
    __typeof__(MHD_queue_response) *queue_response;
    __typeof__(MHD_destroy_response) *destroy_response;
} web_mhd;

/* The library's functions, loaded at the first call (later calls return
 * the same table); NULL after a one-line error naming the library and
 * why it could not be loaded. */
const web_mhd *web_mhd_load(void);

#endif
