// OpenSSL function-like macros, as functions Swift can call.
#include "CPorticoShims.h"

void portico_openssl_free(void *pointer) {
    OPENSSL_free(pointer);
}

void portico_openssl_clear_free(void *pointer, size_t length) {
    OPENSSL_clear_free(pointer, length);
}

long portico_bio_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

int portico_evp_pkey_public_key_selection(void) {
    return EVP_PKEY_PUBLIC_KEY;
}
