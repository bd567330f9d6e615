/* A backend for bench/alb_bench.py that costs next to nothing per request, so that the bench
 * measures the proxy in front of it and not the backend's queue: HTTP/1.1 with keep-alive (and
 * pipelining), one epoll thread, every request answered 200 with a 3-byte body. Bodies of
 * requests are not expected (the bench sends GETs); "Connection: close" is honoured. Built
 * statically (the image has no libc): see bench/keepalive/make-image.sh.
 * Usage: keepalive_httpd [PORT]   (default 8080) */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

enum { buffer_size = 16384, max_events = 256 };

static const char ok_keep[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n";
static const char ok_close[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n"
    "\r\nok\n";

struct conn {
  int fd;
  size_t used;
  char in[buffer_size];
};

static int wants_close(const char* head, size_t len) {
  /* HTTP/1.0 closes unless asked not to; HTTP/1.1 keeps alive unless told to close. */
  const char* end = head + len;
  int http10 = memmem(head, len, "HTTP/1.0\r\n", 10) != NULL;
  for (const char* p = head; p < end; ++p) {
    if ((p == head || p[-1] == '\n') && (size_t)(end - p) > 11 &&
        strncasecmp(p, "connection:", 11) == 0) {
      const char* v = p + 11;
      const char* eol = memchr(v, '\r', (size_t)(end - v));
      size_t n = eol ? (size_t)(eol - v) : (size_t)(end - v);
      if (memmem(v, n, "close", 5) || memmem(v, n, "Close", 5)) return 1;
      if (memmem(v, n, "eep-alive", 9)) return 0;
    }
  }
  return http10;
}

static void drop(int ep, struct conn* c) {
  epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
  close(c->fd);
  free(c);
}

/* Answers every complete request in the buffer; 0 when the connection is to end. */
static int serve(struct conn* c) {
  char out[sizeof ok_close * 64];
  size_t out_len = 0;
  int close_after = 0;
  size_t start = 0;
  for (;;) {
    char* head = c->in + start;
    char* end = memmem(head, c->used - start, "\r\n\r\n", 4);
    if (end == NULL) break;
    size_t len = (size_t)(end - head) + 4;
    close_after = wants_close(head, len);
    const char* page = close_after ? ok_close : ok_keep;
    size_t page_len = close_after ? sizeof ok_close - 1 : sizeof ok_keep - 1;
    if (out_len + page_len > sizeof out) {
      if (write(c->fd, out, out_len) != (ssize_t)out_len) return 0;
      out_len = 0;
    }
    memcpy(out + out_len, page, page_len);
    out_len += page_len;
    start += len;
    if (close_after) break;
  }
  if (out_len > 0 && write(c->fd, out, out_len) != (ssize_t)out_len) return 0;
  if (close_after) return 0;
  memmove(c->in, c->in + start, c->used - start);
  c->used -= start;
  return c->used < sizeof c->in; /* a head bigger than the buffer: give up on it */
}

int main(int argc, char** argv) {
  int port = argc > 1 ? atoi(argv[1]) : 8080;
  signal(SIGPIPE, SIG_IGN);
  int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
  if (bind(lfd, (struct sockaddr*)&addr, sizeof addr) != 0 || listen(lfd, 1024) != 0) return 1;
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
  epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
  struct epoll_event events[max_events];
  for (;;) {
    int n = epoll_wait(ep, events, max_events, -1);
    for (int i = 0; i < n; ++i) {
      struct conn* c = events[i].data.ptr;
      if (c == NULL) {
        int fd;
        while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
          setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          struct conn* nc = malloc(sizeof *nc);
          if (nc == NULL) {
            close(fd);
            continue;
          }
          nc->fd = fd;
          nc->used = 0;
          struct epoll_event cev = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = nc};
          epoll_ctl(ep, EPOLL_CTL_ADD, fd, &cev);
        }
        continue;
      }
      ssize_t got = read(c->fd, c->in + c->used, sizeof c->in - c->used);
      if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (got <= 0) {
        drop(ep, c);
        continue;
      }
      c->used += (size_t)got;
      if (!serve(c)) drop(ep, c);
    }
  }
}
