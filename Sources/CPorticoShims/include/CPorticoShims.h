// Typed C wrappers for the parts of libcurl and OpenSSL that Swift cannot call directly
// (variadic functions such as curl_easy_setopt, and function-like macros).
#pragma once
#include <curl/curl.h>
#include <openssl/evp.h>

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
