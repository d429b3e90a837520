/* ipc_conf.h — what the System V IPC conformance programs (ipc_*.c) share besides conf.h: errno
 * names of the IPC calls and FAILS(call, err, what), a check that a call fails with err. */
#ifndef IPC_CONF_H
#define IPC_CONF_H
#include "conf.h"

static __attribute__((unused)) const char *en(int e)
{
    switch (e) {
    case E2BIG: return "E2BIG";
    case ENOMSG: return "ENOMSG";
    case EIDRM: return "EIDRM";
    case EACCES: return "EACCES";
    case ERANGE: return "ERANGE";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    default: return errname(e);
    }
}

/* A call expected to fail with err: prints its result and checks it. */
#define FAILS(call, err, what)                                                   \
    do {                                                                         \
        errno = 0;                                                               \
        long r_ = (long)(call);                                                  \
        int e_ = errno;                                                          \
        printf("%s: %ld %s\n", what, r_, r_ < 0 ? en(e_) : "-");                 \
        check(r_ == -1 && e_ == (err), what);                                    \
    } while (0)

#endif
