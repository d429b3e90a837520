/* msgrcv's msgtyp: 0 takes the first message; > 0 the first of that type (with MSG_EXCEPT the
 * first of any other type); < 0 the lowest type <= |msgtyp|, first come first served among
 * equals (queue 5,1,3,2 with -3 gives 1). Returns the bytes copied. [host] */
#include "conf.h"
#include "ipc_conf.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

static int q;
static void put(long type, const char *text)
{
    struct { long type; char text[32]; } m;
    m.type = type;
    strcpy(m.text, text);
    if (msgsnd(q, &m, strlen(text) + 1, IPC_NOWAIT) != 0)
        printf("msgsnd failed: %s\n", en(errno));
}
static void get(long typ, int flags, const char *what)
{
    struct { long type; char text[32]; } m = {0, ""};
    errno = 0;
    long r = msgrcv(q, &m, sizeof m.text, typ, flags | IPC_NOWAIT);
    if (r < 0)
        printf("%s (msgtyp %ld): %s\n", what, typ, en(errno));
    else
        printf("%s (msgtyp %ld): %ld bytes, type %ld \"%s\"\n", what, typ, r, m.type, m.text);
}

int main(void)
{
    q = msgget(IPC_PRIVATE, 0600);
    check(q >= 0, "msgget");
    put(5, "five"); put(1, "one"); put(3, "three"); put(2, "two");
    get(-3, 0, "lowest <= 3");
    get(-3, 0, "lowest <= 3");
    get(-3, 0, "lowest <= 3");
    get(-3, 0, "lowest <= 3 (none left)");
    get(0, 0, "first");
    put(4, "four-a"); put(2, "two-a"); put(4, "four-b"); put(2, "two-b"); put(9, "nine");
    get(4, 0, "type 4");
    get(4, MSG_EXCEPT, "not type 4");
    get(-4, 0, "lowest <= 4");
    get(-100, 0, "lowest <= 100");
    get(7, 0, "type 7");
    get(2, MSG_EXCEPT, "not type 2");
    get(0, 0, "first");
    get(0, 0, "first (empty)");
    put(3, "x"); put(3, "y"); put(1, "z");
    get(-3, 0, "lowest <= 3");
    get(-3, 0, "lowest <= 3, equals in order");
    get(-3, 0, "lowest <= 3, equals in order");
    put(6, "six"); put(8, "eight");
    get(6, MSG_EXCEPT, "MSG_EXCEPT 6");
    get(-2147483647 - 1, 0, "msgtyp LONG_MIN");
    msgctl(q, IPC_RMID, NULL);
    return done();
}
