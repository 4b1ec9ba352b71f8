/*
 * Ed25519 group arithmetic for VERIFICATION ONLY (docs/adr/0069), compiled to wasm32 by scripts/build-wasm.mjs.
 *
 * Written for Daejang from the specifications: the field GF(2^255 - 19) and the point encoding of RFC 7748 / RFC 8032
 * (decoding with the square root of RFC 8032 section 5.1.3), the twisted Edwards curve -x^2 + y^2 = 1 + d x^2 y^2 in
 * the extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, xy = T/Z, of Hisil, Wong, Carter and Dawson ("Twisted Edwards
 * curves revisited", 2008: add-2008-hwcd-3 and dbl-2008-hwcd with a = -1). Field elements use ten signed limbs in radix
 * 2^25.5 (26, 25, 26, 25, ... bits), the layout of the published ref10 design, so that every limb product is a
 * 32 x 32 -> 64-bit multiply (WebAssembly's i64.mul).
 *
 * EVERYTHING HERE IS VARIABLE TIME. Branches and table indices depend on the scalars and on the points. It must only
 * ever see public values: points and scalars that are already public (a ballot, a proof, an election key, a
 * challenge, a response). No secret scalar may be passed here; the TypeScript wrapper (verify-group.ts) routes the
 * group's constant-time products (mul, baseMul) to libsodium or noble and exposes only the verification shapes
 * (g^a * P^b, A^a * B^b) from this module.
 *
 * No allocation: all state is in the static arrays below (the module's memory never grows).
 */
#include <stdint.h>

typedef int32_t fe[10];
typedef struct { fe X, Y, Z, T; } ge;         /* extended coordinates */
typedef struct { fe YpX, YmX, Z, T2d; } gec;  /* a point ready to be added: (Y+X, Y-X, Z, 2dT) */

void *memset(void *d, int c, unsigned long n) {
  volatile uint8_t *p = (volatile uint8_t *)d;
  while (n--) *p++ = (uint8_t)c;
  return d;
}
void *memcpy(void *d, const void *s, unsigned long n) {
  volatile uint8_t *p = (volatile uint8_t *)d;
  const volatile uint8_t *q = (const volatile uint8_t *)s;
  while (n--) *p++ = *q++;
  return d;
}

/* ---- the field ------------------------------------------------------------------------------------------------ */

static fe FE_D, FE_D2, FE_SQRTM1;

static void fe_zero(fe h) { for (int i = 0; i < 10; i++) h[i] = 0; }
static void fe_one(fe h) { fe_zero(h); h[0] = 1; }
static void fe_copy(fe h, const fe f) { for (int i = 0; i < 10; i++) h[i] = f[i]; }
static void fe_add(fe h, const fe f, const fe g) { for (int i = 0; i < 10; i++) h[i] = f[i] + g[i]; }
static void fe_sub(fe h, const fe f, const fe g) { for (int i = 0; i < 10; i++) h[i] = f[i] - g[i]; }
static void fe_neg(fe h, const fe f) { for (int i = 0; i < 10; i++) h[i] = -f[i]; }

/* Carry ten 64-bit limb sums (each below 2^63 in absolute value) down to |limb| <= 2^25 (26-bit limbs) or about 2^24
 * (25-bit limbs), rounding to the nearest; two interleaved chains, limb 4 carried twice, the top wrapping with 19. */
#define CARRY(i, j, s)                                          \
  do {                                                          \
    int64_t c_ = (h##i + ((int64_t)1 << ((s) - 1))) >> (s);     \
    h##j += c_;                                                 \
    h##i -= c_ * ((int64_t)1 << (s));                           \
  } while (0)

static inline void fe_carry_out(fe h, int64_t h0, int64_t h1, int64_t h2, int64_t h3, int64_t h4, int64_t h5,
                                int64_t h6, int64_t h7, int64_t h8, int64_t h9) {
  CARRY(0, 1, 26);
  CARRY(4, 5, 26);
  CARRY(1, 2, 25);
  CARRY(5, 6, 25);
  CARRY(2, 3, 26);
  CARRY(6, 7, 26);
  CARRY(3, 4, 25);
  CARRY(7, 8, 25);
  CARRY(4, 5, 26);
  CARRY(8, 9, 26);
  {
    int64_t c = (h9 + ((int64_t)1 << 24)) >> 25;
    h0 += c * 19;
    h9 -= c * ((int64_t)1 << 25);
  }
  CARRY(0, 1, 26);
  h[0] = (int32_t)h0; h[1] = (int32_t)h1; h[2] = (int32_t)h2; h[3] = (int32_t)h3; h[4] = (int32_t)h4;
  h[5] = (int32_t)h5; h[6] = (int32_t)h6; h[7] = (int32_t)h7; h[8] = (int32_t)h8; h[9] = (int32_t)h9;
}

/*
 * h = f * g. Limb i has weight 2^ceil(25.5 i); the product of limbs i and j lands on limb i + j, doubled when i and j
 * are both odd, and wraps (i + j >= 10) with the factor 19 (2^255 = 19 mod p). Inputs: |limb| <= 2^27, so every
 * term is below 2^59.3 and each of the ten sums below 2^63. The square uses the same terms, each pair once, doubled.
 * Unrolled (by a script) from:  for i, j in 0..9: h[(i + j) % 10] += (i, j odd ? 2 : 1) * (i + j >= 10 ? 19 : 1) * f[i] g[j]
 * Square's inputs: |limb| <= 2^26.5.
 */
static void fe_mul(fe h, const fe f, const fe g) {
  int64_t f0 = f[0]; int64_t f1 = f[1]; int64_t f2 = f[2]; int64_t f3 = f[3]; int64_t f4 = f[4]; int64_t f5 = f[5]; int64_t f6 = f[6]; int64_t f7 = f[7]; int64_t f8 = f[8]; int64_t f9 = f[9];
  int64_t g0 = g[0]; int64_t g1 = g[1]; int64_t g2 = g[2]; int64_t g3 = g[3]; int64_t g4 = g[4]; int64_t g5 = g[5]; int64_t g6 = g[6]; int64_t g7 = g[7]; int64_t g8 = g[8]; int64_t g9 = g[9];
  int64_t f1_2 = 2 * f1; int64_t f3_2 = 2 * f3; int64_t f5_2 = 2 * f5; int64_t f7_2 = 2 * f7; int64_t f9_2 = 2 * f9;
  int64_t g1_19 = 19 * g1; int64_t g2_19 = 19 * g2; int64_t g3_19 = 19 * g3; int64_t g4_19 = 19 * g4; int64_t g5_19 = 19 * g5; int64_t g6_19 = 19 * g6; int64_t g7_19 = 19 * g7; int64_t g8_19 = 19 * g8; int64_t g9_19 = 19 * g9;
  int64_t h0 = f0 * g0 + f1_2 * g9_19 + f2 * g8_19 + f3_2 * g7_19 + f4 * g6_19 + f5_2 * g5_19 + f6 * g4_19 + f7_2 * g3_19 + f8 * g2_19 + f9_2 * g1_19;
  int64_t h1 = f0 * g1 + f1 * g0 + f2 * g9_19 + f3 * g8_19 + f4 * g7_19 + f5 * g6_19 + f6 * g5_19 + f7 * g4_19 + f8 * g3_19 + f9 * g2_19;
  int64_t h2 = f0 * g2 + f1_2 * g1 + f2 * g0 + f3_2 * g9_19 + f4 * g8_19 + f5_2 * g7_19 + f6 * g6_19 + f7_2 * g5_19 + f8 * g4_19 + f9_2 * g3_19;
  int64_t h3 = f0 * g3 + f1 * g2 + f2 * g1 + f3 * g0 + f4 * g9_19 + f5 * g8_19 + f6 * g7_19 + f7 * g6_19 + f8 * g5_19 + f9 * g4_19;
  int64_t h4 = f0 * g4 + f1_2 * g3 + f2 * g2 + f3_2 * g1 + f4 * g0 + f5_2 * g9_19 + f6 * g8_19 + f7_2 * g7_19 + f8 * g6_19 + f9_2 * g5_19;
  int64_t h5 = f0 * g5 + f1 * g4 + f2 * g3 + f3 * g2 + f4 * g1 + f5 * g0 + f6 * g9_19 + f7 * g8_19 + f8 * g7_19 + f9 * g6_19;
  int64_t h6 = f0 * g6 + f1_2 * g5 + f2 * g4 + f3_2 * g3 + f4 * g2 + f5_2 * g1 + f6 * g0 + f7_2 * g9_19 + f8 * g8_19 + f9_2 * g7_19;
  int64_t h7 = f0 * g7 + f1 * g6 + f2 * g5 + f3 * g4 + f4 * g3 + f5 * g2 + f6 * g1 + f7 * g0 + f8 * g9_19 + f9 * g8_19;
  int64_t h8 = f0 * g8 + f1_2 * g7 + f2 * g6 + f3_2 * g5 + f4 * g4 + f5_2 * g3 + f6 * g2 + f7_2 * g1 + f8 * g0 + f9_2 * g9_19;
  int64_t h9 = f0 * g9 + f1 * g8 + f2 * g7 + f3 * g6 + f4 * g5 + f5 * g4 + f6 * g3 + f7 * g2 + f8 * g1 + f9 * g0;
  fe_carry_out(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

static void fe_sq(fe h, const fe f) {
  int64_t f0 = f[0]; int64_t f1 = f[1]; int64_t f2 = f[2]; int64_t f3 = f[3]; int64_t f4 = f[4]; int64_t f5 = f[5]; int64_t f6 = f[6]; int64_t f7 = f[7]; int64_t f8 = f[8]; int64_t f9 = f[9];
  int64_t f0_2 = 2 * f0; int64_t f1_2 = 2 * f1; int64_t f2_2 = 2 * f2; int64_t f3_2 = 2 * f3; int64_t f4_2 = 2 * f4; int64_t f5_2 = 2 * f5; int64_t f6_2 = 2 * f6; int64_t f7_2 = 2 * f7; int64_t f8_2 = 2 * f8; int64_t f9_2 = 2 * f9;
  int64_t f5_19 = 19 * f5; int64_t f6_19 = 19 * f6; int64_t f7_19 = 19 * f7; int64_t f8_19 = 19 * f8; int64_t f9_19 = 19 * f9;
  int64_t f7_38 = 38 * f7; int64_t f9_38 = 38 * f9;
  int64_t h0 = f0 * f0 + f1_2 * f9_38 + f2_2 * f8_19 + f3_2 * f7_38 + f4_2 * f6_19 + f5_2 * f5_19;
  int64_t h1 = f0_2 * f1 + f2_2 * f9_19 + f3_2 * f8_19 + f4_2 * f7_19 + f5_2 * f6_19;
  int64_t h2 = f0_2 * f2 + f1_2 * f1 + f3_2 * f9_38 + f4_2 * f8_19 + f5_2 * f7_38 + f6 * f6_19;
  int64_t h3 = f0_2 * f3 + f1_2 * f2 + f4_2 * f9_19 + f5_2 * f8_19 + f6_2 * f7_19;
  int64_t h4 = f0_2 * f4 + f1_2 * f3_2 + f2 * f2 + f5_2 * f9_38 + f6_2 * f8_19 + f7_2 * f7_19;
  int64_t h5 = f0_2 * f5 + f1_2 * f4 + f2_2 * f3 + f6_2 * f9_19 + f7_2 * f8_19;
  int64_t h6 = f0_2 * f6 + f1_2 * f5_2 + f2_2 * f4 + f3_2 * f3 + f7_2 * f9_38 + f8 * f8_19;
  int64_t h7 = f0_2 * f7 + f1_2 * f6 + f2_2 * f5 + f3_2 * f4 + f8_2 * f9_19;
  int64_t h8 = f0_2 * f8 + f1_2 * f7_2 + f2_2 * f6 + f3_2 * f5_2 + f4 * f4 + f9_2 * f9_19;
  int64_t h9 = f0_2 * f9 + f1_2 * f8 + f2_2 * f7 + f3_2 * f6 + f4_2 * f5;
  fe_carry_out(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

static void fe_sqn(fe h, const fe f, int n) {
  fe_sq(h, f);
  for (int i = 1; i < n; i++) fe_sq(h, h);
}

static const int LIMB_BITS[10] = {26, 25, 26, 25, 26, 25, 26, 25, 26, 25};
static const int LIMB_AT[10] = {0, 26, 51, 77, 102, 128, 153, 179, 204, 230};

/* 32 little-endian bytes -> limbs; bit 255 ignored. */
static void fe_frombytes(fe h, const uint8_t s[32]) {
  uint8_t b[40];
  for (int i = 0; i < 32; i++) b[i] = s[i];
  for (int i = 32; i < 40; i++) b[i] = 0;
  b[31] &= 0x7f;
  for (int i = 0; i < 10; i++) {
    int at = LIMB_AT[i];
    uint64_t w = 0;
    for (int k = 7; k >= 0; k--) w = (w << 8) | b[at / 8 + k];
    h[i] = (int32_t)((w >> (at % 8)) & (((uint64_t)1 << LIMB_BITS[i]) - 1));
  }
}

/* The canonical encoding: the unique value in [0, p), 32 little-endian bytes. */
static void fe_tobytes(uint8_t s[32], const fe f) {
  int64_t t[10];
  fe h;
  fe_carry_out(h, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]); /* now |h| < p, limbs small */
  for (int i = 0; i < 10; i++) t[i] = h[i];
  /* q = floor(h / p) in {-1, 0, 1}: h + 19 * 2^-25 * h9 + 1/2, shifted down by 255 bits */
  int64_t q = (19 * t[9] + ((int64_t)1 << 24)) >> 25;
  for (int i = 0; i < 10; i++) q = (t[i] + q) >> LIMB_BITS[i];
  t[0] += 19 * q; /* h - q p = h + 19 q - q 2^255; the 2^255 part is the carry out of the top limb, dropped */
  for (int i = 0; i < 9; i++) {
    int64_t c = t[i] >> LIMB_BITS[i];
    t[i + 1] += c;
    t[i] -= c * ((int64_t)1 << LIMB_BITS[i]);
  }
  t[9] &= ((int64_t)1 << 25) - 1;
  uint64_t w[5] = {0, 0, 0, 0, 0};
  for (int i = 0; i < 10; i++) {
    int at = LIMB_AT[i];
    uint64_t v = (uint64_t)t[i];
    w[at / 64] |= v << (at % 64);
    if (at % 64 + LIMB_BITS[i] > 64) w[at / 64 + 1] |= v >> (64 - at % 64);
  }
  for (int i = 0; i < 32; i++) s[i] = (uint8_t)(w[i / 8] >> (8 * (i % 8)));
}

static int fe_iszero(const fe f) {
  uint8_t s[32];
  fe_tobytes(s, f);
  uint8_t z = 0;
  for (int i = 0; i < 32; i++) z |= s[i];
  return z == 0;
}

static int fe_isnegative(const fe f) {
  uint8_t s[32];
  fe_tobytes(s, f);
  return s[0] & 1;
}

static int fe_equal(const fe f, const fe g) {
  fe d;
  fe_sub(d, f, g);
  return fe_iszero(d);
}

/* z^(2^250 - 1) and z^11, the common start of the inversion and of the square root. */
static void fe_pow250(fe z250, fe z11, const fe z) {
  fe z2, z9, t, z5, z10, z20, z50, z100;
  fe_sq(z2, z);              /* 2 */
  fe_sqn(t, z2, 2);          /* 8 */
  fe_mul(z9, t, z);          /* 9 */
  fe_mul(z11, z9, z2);       /* 11 */
  fe_sq(t, z11);             /* 22 */
  fe_mul(z5, t, z9);         /* 31 = 2^5 - 1 */
  fe_sqn(t, z5, 5);
  fe_mul(z10, t, z5);        /* 2^10 - 1 */
  fe_sqn(t, z10, 10);
  fe_mul(z20, t, z10);       /* 2^20 - 1 */
  fe_sqn(t, z20, 20);
  fe_mul(t, t, z20);         /* 2^40 - 1 */
  fe_sqn(t, t, 10);
  fe_mul(z50, t, z10);       /* 2^50 - 1 */
  fe_sqn(t, z50, 50);
  fe_mul(z100, t, z50);      /* 2^100 - 1 */
  fe_sqn(t, z100, 100);
  fe_mul(t, t, z100);        /* 2^200 - 1 */
  fe_sqn(t, t, 50);
  fe_mul(z250, t, z50);      /* 2^250 - 1 */
}

/* 1/z = z^(p - 2) = z^(2^255 - 21) */
static void fe_invert(fe h, const fe z) {
  fe z250, z11;
  fe_pow250(z250, z11, z);
  fe_sqn(h, z250, 5);
  fe_mul(h, h, z11);
}

/* z^((p - 5) / 8) = z^(2^252 - 3) */
static void fe_pow22523(fe h, const fe z) {
  fe z250, z11, z1;
  fe_copy(z1, z); /* h may be z */
  fe_pow250(z250, z11, z1);
  fe_sqn(h, z250, 2);
  fe_mul(h, h, z1);
}

/* ---- points --------------------------------------------------------------------------------------------------- */

static void ge_identity(ge *h) {
  fe_zero(h->X);
  fe_one(h->Y);
  fe_one(h->Z);
  fe_zero(h->T);
}

static void ge_tocached(gec *c, const ge *p) {
  fe_add(c->YpX, p->Y, p->X);
  fe_sub(c->YmX, p->Y, p->X);
  fe_copy(c->Z, p->Z);
  fe_mul(c->T2d, p->T, FE_D2);
}

/* r = p + q (neg = 0) or p - q (neg = 1); T of the result computed only when want_t. add-2008-hwcd-3, a = -1. */
static void ge_addc(ge *r, const ge *p, const gec *q, int neg, int want_t) {
  fe a, b, c, d, e, f, g, h, t;
  fe_sub(t, p->Y, p->X);
  fe_mul(a, t, neg ? q->YpX : q->YmX);
  fe_add(t, p->Y, p->X);
  fe_mul(b, t, neg ? q->YmX : q->YpX);
  fe_mul(c, p->T, q->T2d);
  fe_mul(d, p->Z, q->Z);
  fe_add(d, d, d);
  fe_sub(e, b, a);
  if (neg) {
    fe_add(f, d, c);
    fe_sub(g, d, c);
  } else {
    fe_sub(f, d, c);
    fe_add(g, d, c);
  }
  fe_add(h, b, a);
  fe_mul(r->X, e, f);
  fe_mul(r->Y, g, h);
  fe_mul(r->Z, f, g);
  if (want_t) fe_mul(r->T, e, h);
}

/* r = 2p (dbl-2008-hwcd, a = -1); T not read; T of the result computed only when want_t. */
static void ge_dbl(ge *r, const ge *p, int want_t) {
  fe a, b, c, e, f, g, h;
  fe_sq(a, p->X);
  fe_sq(b, p->Y);
  fe_sq(c, p->Z);
  fe_add(c, c, c);
  fe_add(e, p->X, p->Y);
  fe_sq(e, e);
  fe_sub(e, e, a);
  fe_sub(e, e, b);
  fe_sub(g, b, a);
  fe_sub(f, g, c);
  fe_add(h, a, b);
  fe_neg(h, h);
  fe_mul(r->X, e, f);
  fe_mul(r->Y, g, h);
  fe_mul(r->Z, f, g);
  if (want_t) fe_mul(r->T, e, h);
}

static void ge_neg(ge *r, const ge *p) {
  fe_neg(r->X, p->X);
  fe_copy(r->Y, p->Y);
  fe_copy(r->Z, p->Z);
  fe_neg(r->T, p->T);
}

static int ge_equal(const ge *p, const ge *q) {
  fe a, b;
  fe_mul(a, p->X, q->Z);
  fe_mul(b, q->X, p->Z);
  if (!fe_equal(a, b)) return 0;
  fe_mul(a, p->Y, q->Z);
  fe_mul(b, q->Y, p->Z);
  return fe_equal(a, b);
}

static int ge_isidentity(const ge *p) { return fe_iszero(p->X) && fe_equal(p->Y, p->Z); }

/* y < p for the 255 low bits (the sign bit apart): p = 2^255 - 19 is 0xed, thirty 0xff, 0x7f little-endian. */
static int bytes_canonical(const uint8_t s[32]) {
  if ((s[31] & 0x7f) != 0x7f) return 1;
  for (int i = 30; i >= 1; i--)
    if (s[i] != 0xff) return 1;
  return s[0] < 0xed;
}

/*
 * RFC 8032 section 5.1.3: y canonical (< p), x^2 = (y^2 - 1) / (d y^2 + 1) must have a root, x = 0 with the sign bit
 * set ("-0") is refused. Returns 1 and the point, or 0.
 */
static int ge_frombytes(ge *h, const uint8_t s[32]) {
  if (!bytes_canonical(s)) return 0;
  fe y, u, v, v3, x, vxx, one;
  fe_one(one);
  fe_frombytes(y, s);
  fe_sq(u, y);
  fe_mul(v, u, FE_D);
  fe_sub(u, u, one);   /* y^2 - 1 */
  fe_add(v, v, one);   /* d y^2 + 1 */
  fe_sq(v3, v);
  fe_mul(v3, v3, v);   /* v^3 */
  fe_sq(x, v3);
  fe_mul(x, x, v);     /* v^7 */
  fe_mul(x, x, u);     /* u v^7 */
  fe_pow22523(x, x);   /* (u v^7)^((p - 5) / 8) */
  fe_mul(x, x, v3);
  fe_mul(x, x, u);     /* u v^3 (u v^7)^((p - 5) / 8) */
  fe_sq(vxx, x);
  fe_mul(vxx, vxx, v);
  if (!fe_equal(vxx, u)) {
    fe nu;
    fe_neg(nu, u);
    if (!fe_equal(vxx, nu)) return 0;
    fe_mul(x, x, FE_SQRTM1);
  }
  int sign = s[31] >> 7;
  if (fe_iszero(x) && sign) return 0;
  if (fe_isnegative(x) != sign) fe_neg(x, x);
  fe_copy(h->X, x);
  fe_copy(h->Y, y);
  fe_one(h->Z);
  fe_mul(h->T, x, y);
  return 1;
}

static void ge_tobytes(uint8_t s[32], const ge *p) {
  fe zi, x, y;
  fe_invert(zi, p->Z);
  fe_mul(x, p->X, zi);
  fe_mul(y, p->Y, zi);
  fe_tobytes(s, y);
  s[31] ^= (uint8_t)(fe_isnegative(x) << 7);
}

/* ---- variable-time products ----------------------------------------------------------------------------------- */

#define NAF_LEN 264
#define VAR_W 5
#define VAR_N (1 << (VAR_W - 2))

/* Width-w non-adjacent form of a 256-bit little-endian scalar: odd digits |d| < 2^(w-1), at least w - 1 zeros apart. */
static void naf(int8_t r[NAF_LEN], const uint8_t s[32], int w) {
  for (int i = 0; i < NAF_LEN; i++) r[i] = 0;
  int width = 1 << w, half = width >> 1, mask = width - 1;
  int pos = 0, carry = 0;
  while (pos < 256) {
    int idx = pos / 8, sh = pos % 8;
    uint32_t bits = 0;
    for (int k = 2; k >= 0; k--) bits = (bits << 8) | (idx + k < 32 ? s[idx + k] : 0);
    int window = carry + (int)((bits >> sh) & (uint32_t)mask);
    if ((window & 1) == 0) {
      pos += 1;
      continue;
    }
    if (window < half) {
      carry = 0;
      r[pos] = (int8_t)window;
    } else {
      carry = 1;
      r[pos] = (int8_t)(window - width);
    }
    pos += w;
  }
  if (carry) r[pos] = 1; /* pos <= 256 + w - 1 < NAF_LEN */
}

/* t[i] = (2i + 1) p for i < n */
static void odd_multiples(gec *t, const ge *p, int n) {
  ge p2, acc;
  gec c2;
  ge_dbl(&p2, p, 1);
  ge_tocached(&c2, &p2);
  acc = *p;
  ge_tocached(&t[0], &acc);
  for (int i = 1; i < n; i++) {
    ge_addc(&acc, &acc, &c2, 0, 1);
    ge_tocached(&t[i], &acc);
  }
}

static int8_t NAF_A[NAF_LEN], NAF_B[NAF_LEN];

/*
 * Split products. A 253-bit scalar k = k0 + 2^64 k1 + 2^128 k2 + 2^192 k3, so [k]P = sum of [kj]Pj with
 * Pj = [2^(64 j)]P: with the Pj known (a point's "expansion", computed once and kept by the caller while the point
 * is in use), a product costs 64 doublings instead of 253. A width-w NAF of the whole scalar is cut the same way: its
 * digit at position i belongs to chunk i / 64 at position i % 64 (positions stop below 255 for k < 2^253). The
 * expansion of a sum or difference is the sum or difference of the expansions (the map is linear). The membership
 * check [q]P = O, q = 2^252 + (a 125-bit number), is then 64 doublings too.
 */
#define K 4
#define CHUNK 64

typedef struct {
  ge pt[K];            /* P, [2^64]P, [2^128]P, [2^192]P */
  gec tab[K][VAR_N];   /* the odd multiples 1, 3, ..., 2 VAR_N - 1 of each */
} gex;

/* r = [NAF_A] (tables ta, sa entries a chunk) + [NAF_B] (tables tb, sb entries a chunk): one chain of CHUNK doublings. */
static void straus_k(ge *r, const gec *ta, int sa, const gec *tb, int sb) {
  int top = CHUNK - 1;
  for (; top >= 0; top--) {
    int any = 0;
    for (int j = 0; j < K; j++) any |= NAF_A[j * CHUNK + top] | NAF_B[j * CHUNK + top];
    if (any) break;
  }
  ge acc;
  ge_identity(&acc);
  for (int i = top; i >= 0; i--) {
    int n = 0;
    for (int j = 0; j < K; j++) n += (NAF_A[j * CHUNK + i] != 0) + (NAF_B[j * CHUNK + i] != 0);
    int last = i == 0;
    ge_dbl(&acc, &acc, n > 0 || last);
    for (int j = 0; j < K; j++) {
      int d = NAF_A[j * CHUNK + i];
      if (d != 0) {
        n--;
        ge_addc(&acc, &acc, &ta[j * sa + (d > 0 ? d : -d) / 2], d < 0, n > 0 || last);
      }
      d = NAF_B[j * CHUNK + i];
      if (d != 0) {
        n--;
        ge_addc(&acc, &acc, &tb[j * sb + (d > 0 ? d : -d) / 2], d < 0, n > 0 || last);
      }
    }
  }
  *r = acc;
}

static void expand_tables(gex *x) {
  for (int j = 0; j < K; j++) odd_multiples(x->tab[j], &x->pt[j], VAR_N);
}

static void expand_point(gex *x, const ge *p) {
  x->pt[0] = *p;
  for (int j = 1; j < K; j++) {
    ge q = x->pt[j - 1];
    for (int i = 0; i < CHUNK; i++) ge_dbl(&q, &q, i == CHUNK - 1);
    x->pt[j] = q;
  }
  expand_tables(x);
}

/* ---- the module's state and exports --------------------------------------------------------------------------- */

#define NSLOTS 4
#define NX 3
#define NTABLES 8
#define FIXED_W 8
#define FIXED_N (1 << (FIXED_W - 2))

static ge SLOT[NSLOTS];
static gex XS[NX];
static uint8_t BYTES[32];
static uint8_t SCALAR[2][32];
static gec TABLE[NTABLES][K][FIXED_N];
static int READY = 0;

/* The order q of the base point, little-endian. */
static const uint8_t ORDER[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                  0xa2, 0xde, 0xf9, 0xde, 0x14, 0,    0,    0,    0,    0,    0,
                                  0,    0,    0,    0,    0,    0,    0,    0,    0,    0x10};
/* d = -121665 / 121666, sqrt(-1) and the base point's encoding, little-endian */
static const uint8_t D_BYTES[32] = {0xa3, 0x78, 0x59, 0x13, 0xca, 0x4d, 0xeb, 0x75, 0xab, 0xd8, 0x41,
                                    0x41, 0x4d, 0x0a, 0x70, 0x00, 0x98, 0xe8, 0x79, 0x77, 0x79, 0x40,
                                    0xc7, 0x8c, 0x73, 0xfe, 0x6f, 0x2b, 0xee, 0x6c, 0x03, 0x52};
static const uint8_t SQRTM1_BYTES[32] = {0xb0, 0xa0, 0x0e, 0x4a, 0x27, 0x1b, 0xee, 0xc4, 0x78, 0xe4, 0x2f,
                                         0xad, 0x06, 0x18, 0x43, 0x2f, 0xa7, 0xd7, 0xfb, 0x3d, 0x99, 0x00,
                                         0x4d, 0x2b, 0x0b, 0xdf, 0xc1, 0x4f, 0x80, 0x24, 0x83, 0x2b};
static const uint8_t BASE_BYTES[32] = {0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                       0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                       0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66};

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(slots) ge *slots(void) { return SLOT; }
EXPORT(expansions) gex *expansions(void) { return XS; }
EXPORT(expansion_bytes) int expansion_bytes(void) { return (int)sizeof(gex); }
EXPORT(bytes) uint8_t *bytes(void) { return BYTES; }
EXPORT(scalars) uint8_t *scalars(void) { return &SCALAR[0][0]; }
EXPORT(tables) int tables(void) { return NTABLES; }

static int bad(int s) { return s < 0 || s >= NSLOTS; }
static int badx(int x) { return x < 0 || x >= NX; }
/* the products take reduced scalars only (< 2^253; the caller reduces mod q) */
static int scalars_ok(void) { return (SCALAR[0][31] & 0xe0) == 0 && (SCALAR[1][31] & 0xe0) == 0; }

static void fixed_table(int t, const ge *p) {
  gex x;
  x.pt[0] = *p;
  for (int j = 1; j < K; j++) {
    ge q = x.pt[j - 1];
    for (int i = 0; i < CHUNK; i++) ge_dbl(&q, &q, i == CHUNK - 1);
    x.pt[j] = q;
  }
  for (int j = 0; j < K; j++) odd_multiples(TABLE[t][j], &x.pt[j], FIXED_N);
}

/* Constants and the base point's table (table 0). Returns 1 when the base point decodes (a self-check). */
EXPORT(init) int init(void) {
  if (READY) return 1;
  fe_frombytes(FE_D, D_BYTES);
  fe_add(FE_D2, FE_D, FE_D);
  fe_frombytes(FE_SQRTM1, SQRTM1_BYTES);
  ge g;
  if (!ge_frombytes(&g, BASE_BYTES)) return 0;
  fixed_table(0, &g);
  READY = 1;
  return 1;
}

/* BYTES -> SLOT[s]: 1 if a canonical encoding of a point of the curve (RFC 8032 decoding), else 0. */
EXPORT(decode) int decode(int s) {
  if (bad(s) || !READY) return 0;
  ge p;
  if (!ge_frombytes(&p, BYTES)) return 0;
  SLOT[s] = p;
  return 1;
}

/* SLOT[s] -> BYTES, the canonical encoding. */
EXPORT(encode) void encode(int s) {
  if (bad(s)) return;
  ge_tobytes(BYTES, &SLOT[s]);
}

EXPORT(add) void add(int r, int a, int b) {
  if (bad(r) || bad(a) || bad(b)) return;
  gec c;
  ge_tocached(&c, &SLOT[b]);
  ge_addc(&SLOT[r], &SLOT[a], &c, 0, 1);
}

EXPORT(sub) void sub(int r, int a, int b) {
  if (bad(r) || bad(a) || bad(b)) return;
  gec c;
  ge_tocached(&c, &SLOT[b]);
  ge_addc(&SLOT[r], &SLOT[a], &c, 1, 1);
}

EXPORT(neg) void neg(int r, int a) {
  if (bad(r) || bad(a)) return;
  ge_neg(&SLOT[r], &SLOT[a]);
}

EXPORT(equal) int equal(int a, int b) {
  if (bad(a) || bad(b)) return 0;
  return ge_equal(&SLOT[a], &SLOT[b]);
}

EXPORT(is_identity) int is_identity(int a) {
  if (bad(a)) return 0;
  return ge_isidentity(&SLOT[a]);
}

/* XS[x] := the expansion of SLOT[s]. */
EXPORT(expand) void expand(int x, int s) {
  if (badx(x) || bad(s) || !READY) return;
  expand_point(&XS[x], &SLOT[s]);
}

/* XS[x] := the expansion of (the point of XS[a]) + or - (the point of XS[b]), from theirs. */
EXPORT(expand_sum) void expand_sum(int x, int a, int b, int negate) {
  if (badx(x) || badx(a) || badx(b) || !READY) return;
  gex r;
  for (int j = 0; j < K; j++) {
    gec c;
    ge_tocached(&c, &XS[b].pt[j]);
    ge_addc(&r.pt[j], &XS[a].pt[j], &c, negate != 0, 1);
  }
  expand_tables(&r);
  XS[x] = r;
}

/* [q] P = identity for the point P of XS[x]: in the prime-order subgroup (or the identity). */
EXPORT(in_subgroup) int in_subgroup(int x) {
  if (badx(x) || !READY) return 0;
  naf(NAF_A, ORDER, VAR_W);
  for (int i = 0; i < NAF_LEN; i++) NAF_B[i] = 0;
  ge r;
  straus_k(&r, &XS[x].tab[0][0], VAR_N, &XS[x].tab[0][0], VAR_N);
  return ge_isidentity(&r);
}

/* SLOT[r] = [SCALAR 0] (point of XS[a]) + [SCALAR 1] (point of XS[b]), variable time. 0 if refused. */
EXPORT(mul2_vartime) int mul2_vartime(int r, int a, int b) {
  if (bad(r) || badx(a) || badx(b) || !READY || !scalars_ok()) return 0;
  naf(NAF_A, SCALAR[0], VAR_W);
  naf(NAF_B, SCALAR[1], VAR_W);
  straus_k(&SLOT[r], &XS[a].tab[0][0], VAR_N, &XS[b].tab[0][0], VAR_N);
  return 1;
}

/* SLOT[r] = [SCALAR 0] (the point of table t) + [SCALAR 1] (point of XS[b]), variable time. 0 if refused. */
EXPORT(mul2_table_vartime) int mul2_table_vartime(int r, int t, int b) {
  if (bad(r) || badx(b) || t < 0 || t >= NTABLES || !READY || !scalars_ok()) return 0;
  naf(NAF_A, SCALAR[0], FIXED_W);
  naf(NAF_B, SCALAR[1], VAR_W);
  straus_k(&SLOT[r], &TABLE[t][0][0], FIXED_N, &XS[b].tab[0][0], VAR_N);
  return 1;
}

/* Table t (1 .. NTABLES - 1; 0 is the base point's) := the split odd multiples of SLOT[s]. */
EXPORT(table_set) int table_set(int t, int s) {
  if (bad(s) || t < 1 || t >= NTABLES || !READY) return 0;
  fixed_table(t, &SLOT[s]);
  return 1;
}
