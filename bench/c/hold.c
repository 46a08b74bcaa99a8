/*
 * The hold model on a C copy of fleetsim's event queue, to measure this machine's limit for the
 * same algorithm. Mirrors src/engine/eventQueue.ts and Simulator.run: a 4-ary implicit min-heap
 * over parallel arrays (double time, double sequence, int32 slot), a slot table (type, arg,
 * generation, state) with a free-slot stack, lazy-cancellation state checks on pop, and dispatch
 * through a handler table. The Exp(1) increments come from mulberry32, the same generator and
 * arithmetic as bench/fastRng.ts, so both loops see the same increments.
 *
 * Usage: hold HOLDS ROUNDS PENDING...   Prints JSON lines: first the cost of the Exp(1) draw alone,
 *   {"expNsPerDraw":[round1,...],"sink":S}
 * then one object per pending size, after a warm-up of max(4 N, 10^6) holds:
 *   {"pending":N,"holds":H,"warmupHolds":W,"nsPerHold":[round1,...],"finalTimeS":T}
 * finalTimeS lets the TS side check that it replays exactly the same trajectory.
 * Build: cc -O2 -o hold hold.c -lm
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define STATE_FREE 0
#define STATE_PENDING 1
#define STATE_CANCELLED 2

static double *heap_time;
static double *heap_seq;
static int32_t *heap_slot;
static int32_t heap_size;

static int32_t *slot_type;
static double *slot_arg;
static uint32_t *slot_gen;
static uint8_t *slot_state;
static int32_t *free_slots;
static int32_t free_top;
static int32_t slots_used;

static double next_seq;
static int64_t live_count;
static double now_s;

static double popped_time;
static int32_t popped_type;
static double popped_arg;

static uint32_t rng_state;

static double next_uniform(void) {
  rng_state += 0x6D2B79F5u;
  uint32_t t = (rng_state ^ (rng_state >> 15)) * (rng_state | 1u);
  t ^= t + (t ^ (t >> 7)) * (t | 61u);
  return (double)(t ^ (t >> 14)) / 4294967296.0;
}

static double next_exp(void) { return -log(1.0 - next_uniform()); }

static void queue_init(int32_t capacity) {
  heap_time = malloc(sizeof(double) * capacity);
  heap_seq = malloc(sizeof(double) * capacity);
  heap_slot = malloc(sizeof(int32_t) * capacity);
  slot_type = malloc(sizeof(int32_t) * capacity);
  slot_arg = malloc(sizeof(double) * capacity);
  slot_gen = calloc(capacity, sizeof(uint32_t));
  slot_state = calloc(capacity, sizeof(uint8_t));
  free_slots = malloc(sizeof(int32_t) * capacity);
  if (!heap_time || !heap_seq || !heap_slot || !slot_type || !slot_arg || !slot_gen || !slot_state || !free_slots) {
    fprintf(stderr, "out of memory\n");
    exit(1);
  }
  heap_size = 0;
  free_top = 0;
  slots_used = 0;
  next_seq = 0;
  live_count = 0;
  now_s = 0;
}

static void queue_free(void) {
  free(heap_time); free(heap_seq); free(heap_slot); free(slot_type);
  free(slot_arg); free(slot_gen); free(slot_state); free(free_slots);
}

static void heap_push(double time_s, double seq, int32_t slot) {
  int32_t i = heap_size++;
  while (i > 0) {
    int32_t p = (i - 1) >> 2;
    double pt = heap_time[p];
    if (pt < time_s || (pt == time_s && heap_seq[p] < seq)) break;
    heap_time[i] = pt;
    heap_seq[i] = heap_seq[p];
    heap_slot[i] = heap_slot[p];
    i = p;
  }
  heap_time[i] = time_s;
  heap_seq[i] = seq;
  heap_slot[i] = slot;
}

static void heap_pop_root(void) {
  int32_t n = --heap_size;
  if (n == 0) return;
  double last_t = heap_time[n], last_q = heap_seq[n];
  int32_t last_s = heap_slot[n];
  int32_t i = 0;
  for (;;) {
    int32_t c0 = (i << 2) + 1;
    if (c0 >= n) break;
    int32_t m = c0;
    double mt = heap_time[c0];
    /* Same shape as the TS: four children unrolled, a loop on the last level; sequence numbers
       read only on a time tie. */
    if (c0 + 3 < n) {
      double ct = heap_time[c0 + 1];
      if (ct < mt || (ct == mt && heap_seq[c0 + 1] < heap_seq[m])) { m = c0 + 1; mt = ct; }
      ct = heap_time[c0 + 2];
      if (ct < mt || (ct == mt && heap_seq[c0 + 2] < heap_seq[m])) { m = c0 + 2; mt = ct; }
      ct = heap_time[c0 + 3];
      if (ct < mt || (ct == mt && heap_seq[c0 + 3] < heap_seq[m])) { m = c0 + 3; mt = ct; }
    } else {
      for (int32_t c = c0 + 1; c < n; c++) {
        double ct = heap_time[c];
        if (ct < mt || (ct == mt && heap_seq[c] < heap_seq[m])) { m = c; mt = ct; }
      }
    }
    if (last_t < mt || (last_t == mt && last_q < heap_seq[m])) break;
    heap_time[i] = mt;
    heap_seq[i] = heap_seq[m];
    heap_slot[i] = heap_slot[m];
    i = m;
  }
  heap_time[i] = last_t;
  heap_seq[i] = last_q;
  heap_slot[i] = last_s;
}

/* Capacity is fixed up front (the TS queue grows by doubling, which the steady state never hits). */
static void push(double time_s, int32_t type, double arg) {
  int32_t slot = free_top > 0 ? free_slots[--free_top] : slots_used++;
  slot_type[slot] = type;
  slot_arg[slot] = arg;
  slot_state[slot] = STATE_PENDING;
  live_count++;
  heap_push(time_s, next_seq, slot);
  next_seq += 1;
}

static int pop(void) {
  for (;;) {
    if (heap_size == 0) return 0;
    int32_t slot = heap_slot[0];
    double t = heap_time[0];
    heap_pop_root();
    if (slot_state[slot] == STATE_CANCELLED) {
      slot_state[slot] = STATE_FREE;
      free_slots[free_top++] = slot;
      continue;
    }
    popped_time = t;
    popped_type = slot_type[slot];
    popped_arg = slot_arg[slot];
    slot_gen[slot] += 1;
    live_count--;
    slot_state[slot] = STATE_FREE;
    free_slots[free_top++] = slot;
    return 1;
  }
}

typedef void (*handler_fn)(double arg);

static void on_hold(double arg) { push(now_s + next_exp(), 0, arg); }

static handler_fn handlers[1] = {on_hold};

static void run_events(int64_t max_events) {
  for (int64_t k = 0; k < max_events && pop(); k++) {
    now_s = popped_time;
    handlers[popped_type](popped_arg);
  }
}

static double seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s HOLDS ROUNDS PENDING...\n", argv[0]);
    return 2;
  }
  int64_t holds = atoll(argv[1]);
  int rounds = atoi(argv[2]);
  if (holds <= 0 || rounds <= 0) {
    fprintf(stderr, "HOLDS and ROUNDS must be positive\n");
    return 2;
  }
  /* The cost of one Exp(1) increment alone, to separate the sampling cost from the queue's. */
  rng_state = 12345u;
  double sink = 0;
  printf("{\"expNsPerDraw\":[");
  for (int r = 0; r < rounds; r++) {
    double t0 = seconds();
    for (int64_t k = 0; k < holds; k++) sink += next_exp();
    double dt = seconds() - t0;
    printf("%s%.3f", r ? "," : "", dt * 1e9 / (double)holds);
  }
  printf("],\"sink\":%.17g}\n", sink);
  for (int a = 3; a < argc; a++) {
    int32_t pending = atoi(argv[a]);
    rng_state = 12345u;
    queue_init(pending + 16);
    for (int32_t i = 0; i < pending; i++) push(next_exp(), 0, i);
    /* Warm-up: let the time distribution in the heap reach its steady state (as the TS bench does). */
    int64_t warmup = pending * 4 > 1000000 ? pending * 4 : 1000000;
    run_events(warmup);
    printf("{\"pending\":%d,\"holds\":%lld,\"warmupHolds\":%lld,\"nsPerHold\":[", pending, (long long)holds,
           (long long)warmup);
    for (int r = 0; r < rounds; r++) {
      double t0 = seconds();
      run_events(holds);
      double dt = seconds() - t0;
      printf("%s%.3f", r ? "," : "", dt * 1e9 / (double)holds);
    }
    printf("],\"finalTimeS\":%.17g}\n", now_s);
    fflush(stdout);
    queue_free();
  }
  return 0;
}
