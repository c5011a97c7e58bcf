#!/usr/bin/env bash
# What first-touching memory costs on this machine: maps MB megabytes (default 30, about what
# `b2bgate translate` holds at once on the EDIFACT stress file) three ways and times each:
# faulted in page by page, pre-faulted with MAP_POPULATE, and with transparent huge pages
# (madvise). Needs gcc. Usage: bash benches/page_fault_cost.sh [MB] [ROUNDS]
set -euo pipefail
mb=${1:-30}
rounds=${2:-4}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/pf.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}
static void touch(char *p, size_t n) {
  for (size_t i = 0; i < n; i += 4096) p[i] = 1;
}
int main(int argc, char **argv) {
  size_t n = (size_t)atoi(argv[1]) << 20;
  double t0 = now();
  char *a = mmap(0, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  touch(a, n);
  double t1 = now();
  char *b = mmap(0, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  touch(b, n);
  double t2 = now();
  char *c = mmap(0, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  madvise(c, n, MADV_HUGEPAGE);
  touch(c, n);
  double t3 = now();
  printf("%s MB: fault-in %.2f ms, MAP_POPULATE %.2f ms, huge pages %.2f ms\n", argv[1],
         t1 - t0, t2 - t1, t3 - t2);
  return a[0] + b[0] + c[0] == 0;
}
C
gcc -O2 "$tmp/pf.c" -o "$tmp/pf"
for _ in $(seq "$rounds"); do "$tmp/pf" "$mb"; done
