/*
 * loadclient: a small mutual-TLS load client for the securelink benchmark harness.
 *
 * Why it exists: wrk, h2load, ab and hey cannot present client certificates under load, and
 * `openssl s_time` runs one connection at a time. This client drives many non-blocking connections
 * from one thread with epoll, so it costs its own core as little as possible.
 *
 * Modes (every mode is bounded in time):
 *   conn       for D seconds, keep C connections in flight; each is a new full mTLS handshake (no
 *              resumption), one small HTTP/1.1 GET, then close.
 *   keepalive  open C connections, then for D seconds each does sequential GETs; every request's
 *              latency is kept, so p50/p99 are exact.
 *   idle       open N connections (handshake + one GET each, C at a time), print "ready", then hold
 *              them until SIGTERM/SIGINT or D seconds.
 * With -plain the same modes run over plain TCP (the "direct" row). With -S A,B,... the connections are
 * bound round-robin to those local (loopback) source addresses, so one client can hold more connections
 * to one port than one source address has ephemeral ports (bench/idle-scale.sh holds 10,000).
 *
 * Output: key=value lines on stdout.
 *
 * Build: gcc -O2 -o loadclient loadclient.c -lssl -lcrypto
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum mode { M_CONN, M_KEEPALIVE, M_IDLE };
enum state { S_FREE, S_CONNECTING, S_HANDSHAKE, S_WRITE, S_READ, S_IDLE };

#define BUFSZ 8192

struct conn {
    int fd;
    SSL *ssl;
    enum state st;
    char buf[BUFSZ];
    size_t have;
    size_t req_off;
    uint64_t t_start;
    int done_once;
};

static enum mode mode = M_CONN;
static const char *host = "127.0.0.1";
static int port = 0;
static int plain = 0;
static const char *cert = NULL, *key = NULL, *ca = NULL;
static int conc = 16;
static double duration = 10.0;
static int idle_n = 1000;
static const char *path = "/1k";
static SSL_CTX *ctx;
static int ep;
static struct sockaddr_in addr;
#define MAX_SOURCES 64
static struct sockaddr_in sources[MAX_SOURCES];
static int n_sources = 0, next_source = 0;
static char request[512];
static size_t request_len;
static volatile sig_atomic_t stop_flag = 0;
static int ka_running = 0; /* keepalive: measurement phase started */

static uint64_t completed_total = 0; /* every response, in the window or not (divides peer CPU) */
static uint64_t completed = 0, errors = 0, conn_errors = 0, hs_errors = 0, io_errors = 0;
static uint64_t *lat = NULL;
static size_t lat_n = 0, lat_cap = 0;
static int opened = 0, open_failed = 0;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void on_signal(int sig) {
    (void)sig;
    stop_flag = 1;
}

static void die(const char *msg) {
    fprintf(stderr, "loadclient: %s\n", msg);
    ERR_print_errors_fp(stderr);
    exit(2);
}

static void lat_add(uint64_t ns) {
    if (lat_n == lat_cap) {
        lat_cap = lat_cap ? lat_cap * 2 : 1 << 16;
        lat = realloc(lat, lat_cap * sizeof *lat);
        if (!lat) die("out of memory");
    }
    lat[lat_n++] = ns;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void want(struct conn *c, uint32_t events) {
    struct epoll_event ev = {.events = events, .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) die("epoll_ctl MOD");
}

static void conn_close(struct conn *c, int abortive) {
    if (c->fd >= 0) {
        if (abortive) {
            /* RST instead of FIN: no TIME_WAIT on the client's port (conn mode opens tens of thousands). */
            struct linger lg = {1, 0};
            setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        }
        epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
    }
    if (c->ssl) SSL_free(c->ssl);
    c->fd = -1;
    c->ssl = NULL;
    c->st = S_FREE;
}

static int conn_open(struct conn *c) {
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) return -1;
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (n_sources > 0) {
        struct sockaddr_in *src = &sources[next_source++ % n_sources];
        if (bind(c->fd, (struct sockaddr *)src, sizeof *src) < 0) {
            close(c->fd);
            c->fd = -1;
            return -1;
        }
    }
    c->ssl = NULL;
    c->have = 0;
    c->req_off = 0;
    c->done_once = 0;
    c->t_start = now_ns();
    int r = connect(c->fd, (struct sockaddr *)&addr, sizeof addr);
    if (r < 0 && errno != EINPROGRESS) {
        close(c->fd);
        c->fd = -1;
        return -1;
    }
    c->st = S_CONNECTING;
    struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) die("epoll_ctl ADD");
    return 0;
}

/* Returns 1 when a full response is in c->buf, 0 when more is needed, -1 on a malformed response. */
static int response_complete(struct conn *c) {
    c->buf[c->have < BUFSZ ? c->have : BUFSZ - 1] = 0;
    char *end = memmem(c->buf, c->have, "\r\n\r\n", 4);
    if (!end) return c->have >= BUFSZ - 1 ? -1 : 0;
    size_t header = (size_t)(end - c->buf) + 4;
    if (strncmp(c->buf, "HTTP/1.1 200", 12) != 0 && strncmp(c->buf, "HTTP/1.0 200", 12) != 0) return -1;
    long length = -1;
    for (char *p = c->buf; p < end; p++) {
        if ((p == c->buf || p[-1] == '\n') && strncasecmp(p, "Content-Length:", 15) == 0) {
            length = strtol(p + 15, NULL, 10);
            break;
        }
    }
    if (length < 0) return -1;
    if (header + (size_t)length > BUFSZ) return -1;
    return c->have >= header + (size_t)length ? 1 : 0;
}

/* One request-response finished on c. */
static void on_response(struct conn *c, int measuring) {
    uint64_t t = now_ns();
    completed_total++;
    if (measuring) {
        completed++;
        if (mode == M_KEEPALIVE) lat_add(t - c->t_start);
    }
    c->have = 0;
    c->req_off = 0;
    c->t_start = t;
}

/* Drives one connection as far as it can go without blocking. Returns 1 when it finished its
 * work (conn mode: response read; keepalive: never; idle: first response read), -1 on error. */
static int drive(struct conn *c, int measuring) {
    for (;;) {
        switch (c->st) {
        case S_CONNECTING: {
            int err = 0;
            socklen_t len = sizeof err;
            getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err) {
                conn_errors++;
                return -1;
            }
            if (plain) {
                c->st = S_WRITE;
            } else {
                c->ssl = SSL_new(ctx);
                if (!c->ssl) die("SSL_new");
                SSL_set_fd(c->ssl, c->fd);
                SSL_set_connect_state(c->ssl);
                c->st = S_HANDSHAKE;
            }
            break;
        }
        case S_HANDSHAKE: {
            int r = SSL_do_handshake(c->ssl);
            if (r == 1) {
                c->st = S_WRITE;
                if (mode == M_KEEPALIVE && !c->done_once) {
                    /* Latency counts from the request, not the handshake. */
                    c->t_start = now_ns();
                }
                break;
            }
            int e = SSL_get_error(c->ssl, r);
            if (e == SSL_ERROR_WANT_READ) { want(c, EPOLLIN); return 0; }
            if (e == SSL_ERROR_WANT_WRITE) { want(c, EPOLLOUT); return 0; }
            hs_errors++;
            ERR_clear_error();
            return -1;
        }
        case S_WRITE: {
            while (c->req_off < request_len) {
                ssize_t n;
                if (plain) {
                    n = write(c->fd, request + c->req_off, request_len - c->req_off);
                    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) { want(c, EPOLLOUT); return 0; }
                    if (n <= 0) { io_errors++; return -1; }
                } else {
                    int r = SSL_write(c->ssl, request + c->req_off, (int)(request_len - c->req_off));
                    if (r <= 0) {
                        int e = SSL_get_error(c->ssl, r);
                        if (e == SSL_ERROR_WANT_READ) { want(c, EPOLLIN); return 0; }
                        if (e == SSL_ERROR_WANT_WRITE) { want(c, EPOLLOUT); return 0; }
                        io_errors++;
                        ERR_clear_error();
                        return -1;
                    }
                    n = r;
                }
                c->req_off += (size_t)n;
            }
            c->st = S_READ;
            break;
        }
        case S_READ: {
            ssize_t n;
            if (plain) {
                n = read(c->fd, c->buf + c->have, BUFSZ - 1 - c->have);
                if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) { want(c, EPOLLIN); return 0; }
                if (n <= 0) { io_errors++; return -1; }
            } else {
                int r = SSL_read(c->ssl, c->buf + c->have, (int)(BUFSZ - 1 - c->have));
                if (r <= 0) {
                    int e = SSL_get_error(c->ssl, r);
                    if (e == SSL_ERROR_WANT_READ) { want(c, EPOLLIN); return 0; }
                    if (e == SSL_ERROR_WANT_WRITE) { want(c, EPOLLOUT); return 0; }
                    io_errors++;
                    ERR_clear_error();
                    return -1;
                }
                n = r;
            }
            c->have += (size_t)n;
            int done = response_complete(c);
            if (done < 0) { io_errors++; return -1; }
            if (done == 0) break;
            int first = !c->done_once;
            c->done_once = 1;
            on_response(c, measuring);
            if (mode == M_KEEPALIVE) {
                if (stop_flag || !ka_running) { want(c, 0); c->st = S_IDLE; return first ? 1 : 0; }
                c->st = S_WRITE;
                break;
            }
            if (mode == M_IDLE) {
                c->st = S_IDLE;
                want(c, EPOLLIN);
                return first ? 1 : 0;
            }
            return 1;
        }
        case S_IDLE:
            return 0;
        case S_FREE:
            return -1;
        }
    }
}

static void build_ctx(void) {
    ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx) die("SSL_CTX_new");
    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
    SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
    if (!SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256")) die("ciphersuites");
    if (!SSL_CTX_set1_groups_list(ctx, "X25519")) die("groups");
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    if (cert && SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) die("client certificate");
    if (key && SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) die("client key");
    if (ca) {
        if (SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1) die("CA file");
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
        X509_VERIFY_PARAM *p = SSL_CTX_get0_param(ctx);
        if (X509_VERIFY_PARAM_set1_ip_asc(p, host) != 1) die("verify IP");
    }
}

static void usage(void) {
    fprintf(stderr,
            "usage: loadclient conn|keepalive|idle -p PORT [-H 127.0.0.1] [-plain] [-cert F -key F -ca F]\n"
            "                  [-c CONCURRENCY] [-d SECONDS] [-n IDLE_CONNS] [-path /1k]\n"
            "                  [-S SRC1,SRC2,... (local IPv4 source addresses, round-robin)]\n");
    exit(2);
}

int main(int argc, char **argv) {
    if (argc < 2) usage();
    if (!strcmp(argv[1], "conn")) mode = M_CONN;
    else if (!strcmp(argv[1], "keepalive")) mode = M_KEEPALIVE;
    else if (!strcmp(argv[1], "idle")) mode = M_IDLE;
    else usage();
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-plain")) { plain = 1; continue; }
        if (!v) usage();
        if (!strcmp(a, "-p")) port = atoi(v);
        else if (!strcmp(a, "-H")) host = v;
        else if (!strcmp(a, "-cert")) cert = v;
        else if (!strcmp(a, "-key")) key = v;
        else if (!strcmp(a, "-ca")) ca = v;
        else if (!strcmp(a, "-c")) conc = atoi(v);
        else if (!strcmp(a, "-d")) duration = atof(v);
        else if (!strcmp(a, "-n")) idle_n = atoi(v);
        else if (!strcmp(a, "-path")) path = v;
        else if (!strcmp(a, "-S")) {
            char *list = strdup(v), *save = NULL;
            for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
                if (n_sources == MAX_SOURCES) die("too many -S source addresses (at most 64)");
                memset(&sources[n_sources], 0, sizeof sources[0]);
                sources[n_sources].sin_family = AF_INET;
                if (inet_pton(AF_INET, t, &sources[n_sources].sin_addr) != 1) die("-S takes IPv4 literals");
                n_sources++;
            }
            free(list);
        }
        else usage();
        i++;
    }
    if (port <= 0 || conc <= 0 || duration <= 0) usage();

    struct rlimit rl = {65536, 65536};
    if (setrlimit(RLIMIT_NOFILE, &rl) < 0) {
        getrlimit(RLIMIT_NOFILE, &rl);
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);

    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) die("host must be an IPv4 literal");
    request_len = (size_t)snprintf(request, sizeof request,
                                   "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: securelink-bench\r\n%s\r\n", path, host,
                                   mode == M_CONN ? "Connection: close\r\n" : "");
    if (!plain) build_ctx();
    ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) die("epoll_create1");

    int nconns = mode == M_IDLE ? idle_n : conc;
    struct conn *conns = calloc((size_t)nconns, sizeof *conns);
    if (!conns) die("out of memory");
    for (int i = 0; i < nconns; i++) {
        conns[i].fd = -1;
        conns[i].st = S_FREE;
    }
    struct epoll_event evs[256];

    if (mode == M_CONN) {
        uint64_t t0 = now_ns();
        uint64_t deadline = t0 + (uint64_t)(duration * 1e9);
        for (int i = 0; i < conc; i++)
            if (conn_open(&conns[i]) < 0) conn_errors++;
        int inflight = 0;
        for (int i = 0; i < conc; i++) inflight += conns[i].st != S_FREE;
        uint64_t end = deadline;
        while (inflight > 0 && !stop_flag) {
            uint64_t t = now_ns();
            if (t > deadline + 5000000000ull) break; /* in-flight grace after the window */
            int n = epoll_wait(ep, evs, 256, 100);
            for (int k = 0; k < n; k++) {
                struct conn *c = evs[k].data.ptr;
                int r = drive(c, now_ns() <= deadline);
                if (r == 0) continue;
                if (r < 0) errors++;
                conn_close(c, 1);
                inflight--;
                if (r < 0) usleep(1000); /* a refusing or absent peer must not turn this into a spin */
                if (now_ns() < deadline) {
                    if (conn_open(c) < 0) conn_errors++;
                    else inflight++;
                }
            }
            if (inflight == 0 && now_ns() < deadline) {
                for (int i = 0; i < conc; i++)
                    if (conns[i].st == S_FREE && conn_open(&conns[i]) == 0) inflight++;
                usleep(1000);
            }
        }
        (void)end;
        double secs = duration;
        printf("mode=conn\nconcurrency=%d\nseconds=%.3f\ncompleted_total=%llu\ncompleted=%llu\nrate=%.1f\nerrors=%llu\nconnect_errors=%llu\n"
               "handshake_errors=%llu\nio_errors=%llu\n",
               conc, secs, (unsigned long long)completed_total, (unsigned long long)completed, completed / secs, (unsigned long long)errors,
               (unsigned long long)conn_errors, (unsigned long long)hs_errors, (unsigned long long)io_errors);
        return completed > 0 ? 0 : 1;
    }

    /* keepalive and idle: open the connections first (C at a time for idle). */
    /* 60 s, plus 10 ms per idle connection beyond the first thousand (10,000 on a busy 2-core box). */
    uint64_t open_deadline = now_ns() + 60000000000ull + (uint64_t)(nconns > 1000 ? nconns - 1000 : 0) * 10000000ull;
    int next = 0, inflight = 0, ready = 0;
    int batch = mode == M_IDLE ? conc : nconns;
    while ((ready + open_failed) < nconns && now_ns() < open_deadline && !stop_flag) {
        while (inflight < batch && next < nconns) {
            if (conn_open(&conns[next]) < 0) { open_failed++; conn_errors++; }
            else inflight++;
            next++;
        }
        int n = epoll_wait(ep, evs, 256, 100);
        for (int k = 0; k < n; k++) {
            struct conn *c = evs[k].data.ptr;
            if (c->st == S_IDLE) continue;
            int r = drive(c, 0);
            if (r < 0) { conn_close(c, 1); open_failed++; inflight--; errors++; continue; }
            if (r == 1) {
                ready++;
                inflight--;
            }
        }
    }
    opened = ready;

    if (mode == M_IDLE) {
        printf("mode=idle\nrequested=%d\nready=%d\nfailed=%d\n", nconns, ready, open_failed);
        fflush(stdout);
        fprintf(stderr, "ready %d\n", ready);
        uint64_t hold_end = now_ns() + (uint64_t)(duration * 1e9);
        while (!stop_flag && now_ns() < hold_end) {
            int n = epoll_wait(ep, evs, 256, 200);
            for (int k = 0; k < n; k++) {
                struct conn *c = evs[k].data.ptr;
                char tmp[256];
                int r = plain ? (int)read(c->fd, tmp, sizeof tmp) : SSL_read(c->ssl, tmp, sizeof tmp);
                if (r <= 0) {
                    int again = plain ? (errno == EAGAIN) : (SSL_get_error(c->ssl, r) == SSL_ERROR_WANT_READ);
                    if (!again) { conn_close(c, 1); opened--; }
                }
            }
        }
        printf("still_open=%d\n", opened);
        return 0;
    }

    /* keepalive: every ready connection sends its first measured request at t0. */
    uint64_t t0 = now_ns();
    uint64_t deadline = t0 + (uint64_t)(duration * 1e9);
    int active = 0;
    ka_running = 1;
    for (int i = 0; i < nconns; i++) {
        struct conn *c = &conns[i];
        if (c->st != S_IDLE) continue;
        c->st = S_WRITE;
        c->have = 0;
        c->req_off = 0;
        c->t_start = now_ns();
        int r = drive(c, 1);
        if (r < 0) { conn_close(c, 1); errors++; continue; }
        active++;
    }
    while (active > 0) {
        uint64_t t = now_ns();
        if (t >= deadline) stop_flag = 1;
        if (t > deadline + 5000000000ull) break;
        int n = epoll_wait(ep, evs, 256, 100);
        for (int k = 0; k < n; k++) {
            struct conn *c = evs[k].data.ptr;
            if (c->st == S_IDLE) continue;
            int r = drive(c, now_ns() <= deadline);
            if (r < 0) { conn_close(c, 1); errors++; active--; continue; }
            if (c->st == S_IDLE) active--;
        }
    }
    double secs = duration;
    uint64_t p50 = 0, p99 = 0, pmax = 0;
    if (lat_n > 0) {
        qsort(lat, lat_n, sizeof *lat, cmp_u64);
        /* nearest-rank percentiles over every latency recorded */
        size_t i50 = (size_t)((lat_n * 50 + 99) / 100), i99 = (size_t)((lat_n * 99 + 99) / 100);
        p50 = lat[(i50 ? i50 : 1) - 1];
        p99 = lat[(i99 ? i99 : 1) - 1];
        pmax = lat[lat_n - 1];
    }
    printf("mode=keepalive\nconnections=%d\nseconds=%.3f\ncompleted_total=%llu\ncompleted=%llu\nrate=%.1f\np50_us=%.1f\np99_us=%.1f\nmax_us=%.1f\n"
           "errors=%llu\n",
           opened, secs, (unsigned long long)completed_total, (unsigned long long)completed, completed / secs, p50 / 1000.0, p99 / 1000.0, pmax / 1000.0,
           (unsigned long long)errors);
    return completed > 0 ? 0 : 1;
}
