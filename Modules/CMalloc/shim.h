// glibc functions the Glibc module does not export: malloc tuning (mallopt) and memmem (a GNU
// extension, declared here because the module's string.h is built without _GNU_SOURCE).
#include <malloc.h>
#include <stddef.h>
void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);
