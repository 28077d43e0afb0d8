// Typed C wrappers for the parts of libcurl and OpenSSL that Swift cannot call directly
// (variadic functions such as curl_easy_setopt, and function-like macros).
#pragma once
#include <curl/curl.h>
#include <openssl/evp.h>
