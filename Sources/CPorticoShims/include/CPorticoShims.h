// Typed C wrappers for the parts of libcurl and OpenSSL that Swift cannot call directly
// (variadic functions such as curl_easy_setopt, and function-like macros).
#pragma once
#include <curl/curl.h>
#include <openssl/evp.h>

// MARK: curl
// Implemented in curl_shims.c. Each wrapper pins one argument type of a variadic libcurl call,
// so Swift passes exactly what libcurl reads for that option (a long, a char*, a void*, ...).

/// A libcurl write or header callback: `size * count` bytes at `data`; return how many were
/// taken (anything else makes libcurl abort the transfer with CURLE_WRITE_ERROR).
typedef size_t (*portico_curl_data_callback)(char *data, size_t size, size_t count, void *userdata);

/// Runs curl_global_init(CURL_GLOBAL_ALL) once per process, whoever calls first; every call
/// returns the result of that one initialisation.
CURLcode portico_curl_global_init_once(void);

CURLcode portico_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode portico_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode portico_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode portico_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode portico_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode portico_curl_easy_setopt_callback(CURL *handle, CURLoption option, portico_curl_data_callback value);

CURLcode portico_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode portico_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);

CURLMcode portico_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

/// Reads the next "transfer done" message of `multi`: returns 1 and fills `easy` and `result`,
/// or 0 when no finished transfer is waiting.
int portico_curl_multi_next_done(CURLM *multi, CURL **easy, CURLcode *result);

// MARK: OpenSSL
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

/// OPENSSL_free: releases memory OpenSSL allocated (e.g. PEM_read_bio's name, header and data).
void portico_openssl_free(void *pointer);
/// OPENSSL_clear_free: zeroes `length` bytes, then releases them (for buffers that held key bytes).
void portico_openssl_clear_free(void *pointer, size_t length);
/// BIO_get_mem_data: points `*data` at a memory BIO's contents and returns their length.
long portico_bio_get_mem_data(BIO *bio, char **data);
/// EVP_PKEY_PUBLIC_KEY: the selection (domain parameters + public key) for EVP_PKEY_fromdata.
int portico_evp_pkey_public_key_selection(void);
