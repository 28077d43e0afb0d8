// Typed wrappers for libcurl's variadic calls; declared under `MARK: curl` in CPorticoShims.h.
#include "CPorticoShims.h"
#include <pthread.h>

static pthread_once_t portico_curl_once = PTHREAD_ONCE_INIT;
static CURLcode portico_curl_init_result = CURLE_FAILED_INIT;

static void portico_curl_global_init_body(void) {
    portico_curl_init_result = curl_global_init(CURL_GLOBAL_ALL);
}

CURLcode portico_curl_global_init_once(void) {
    pthread_once(&portico_curl_once, portico_curl_global_init_body);
    return portico_curl_init_result;
}

CURLcode portico_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode portico_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode portico_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode portico_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode portico_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode portico_curl_easy_setopt_callback(CURL *handle, CURLoption option, portico_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode portico_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

CURLcode portico_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

CURLMcode portico_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

int portico_curl_multi_next_done(CURLM *multi, CURL **easy, CURLcode *result) {
    int queued = 0;
    CURLMsg *message;
    while ((message = curl_multi_info_read(multi, &queued)) != NULL) {
        if (message->msg == CURLMSG_DONE) {
            *easy = message->easy_handle;
            *result = message->data.result;
            return 1;
        }
    }
    return 0;
}
