/* Threads of the PDF writer started where they run at once. */
#ifndef PW_THREAD_H
#define PW_THREAD_H

#include <pthread.h>

/* pthread_create(t, NULL, fn, arg), but the thread first runs on another
 * processor than the caller's (when the process may use one), then may
 * run anywhere. 0 or pthread_create's error. */
int pw_thread_start(pthread_t *t, void *(*fn)(void *), void *arg);

#endif
