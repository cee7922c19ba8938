/* See thread.h. Linux places a new thread on its creator's processor and
 * moves it to an idle one only when it balances load: on the project's
 * 2-processor VMs the PDF writer's second thread first ran 0.7-4 ms after
 * it was made, most of the time it had to read glyphs beside the layout.
 * Made with an affinity that leaves out this processor, it runs on the
 * other one ~0.2 ms after; it then takes back the process's whole set. */
#define _GNU_SOURCE
#include "thread.h"

#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>

typedef struct start {
    void *(*fn)(void *);
    void *arg;
    cpu_set_t all; /* the process's set, to take back */
    bool pinned;
} start;

static void *trampoline(void *p)
{
    start s = *(start *)p;
    free(p);
    if (s.pinned) (void)sched_setaffinity(0, sizeof s.all, &s.all); /* this thread */
    return s.fn(s.arg);
}

int pw_thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
    start *s = malloc(sizeof *s);
    if (!s) return pthread_create(t, NULL, fn, arg);
    s->fn = fn;
    s->arg = arg;
    s->pinned = false;
    pthread_attr_t a;
    if (pthread_attr_init(&a) != 0) {
        free(s);
        return pthread_create(t, NULL, fn, arg);
    }
    int cpu = sched_getcpu();
    if (cpu >= 0 && cpu < CPU_SETSIZE && sched_getaffinity(0, sizeof s->all, &s->all) == 0) {
        cpu_set_t other = s->all;
        CPU_CLR(cpu, &other);
        s->pinned =
            CPU_COUNT(&other) > 0 && pthread_attr_setaffinity_np(&a, sizeof other, &other) == 0;
    }
    int rc = pthread_create(t, &a, trampoline, s);
    pthread_attr_destroy(&a);
    if (rc) free(s);
    return rc;
}
