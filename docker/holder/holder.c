/* The process that owns an awsvpc task's network namespace. It must outlive the task's containers
 * and cost nothing, and since it runs as PID 1 of its container, signals it does not handle are
 * ignored by the kernel: so SIGTERM/SIGINT get explicit handlers, or `docker stop` would wait out
 * the whole grace period and then kill. Build: gcc -static -Os -o holder holder.c */
#include <signal.h>
#include <string.h>

static volatile sig_atomic_t stop_requested = 0;

static void on_signal(int sig) {
  (void)sig;
  stop_requested = 1;
}

int main(void) {
  struct sigaction sa;
  sigset_t blocked;
  sigset_t waiting;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  /* Blocked outside sigsuspend, so a signal between the flag test and the wait is not lost. */
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGTERM);
  sigaddset(&blocked, SIGINT);
  sigprocmask(SIG_BLOCK, &blocked, &waiting);
  sigdelset(&waiting, SIGTERM);
  sigdelset(&waiting, SIGINT);
  while (!stop_requested) {
    sigsuspend(&waiting);
  }
  return 0;
}
