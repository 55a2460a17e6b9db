/* Test-only stand-in for bcryptprimitives.dll, which Windows 8 and later have in System32 and wine 8.0 lacks.
 * Rust's standard library (python-calamine's _python_calamine.pyd) imports ProcessPrng from it for random
 * numbers. Here ProcessPrng asks wine's own advapi32 RtlGenRandom (SystemFunction036), which takes at most
 * ULONG_MAX bytes a call. Installed into the wine prefix's system32 only; never part of the application bundle. */
#include <windows.h>
#define EXPORT __declspec(dllexport)
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);   /* RtlGenRandom: no header declares it as such */

EXPORT BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
    while (size > 0) {
        ULONG chunk = size > 0xFFFFFFFFu ? 0xFFFFFFFFu : (ULONG)size;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
