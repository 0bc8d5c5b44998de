#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Reference values for tests/unit/test_stats.c, computed independently of
src/stats.c: descriptive statistics with python3's statistics module,
Mann-Whitney p-values by enumerating every split of the pooled values
(itertools.combinations) or with the textbook normal approximation, and
the bootstrap interval with a reimplementation of xoshiro256** from its
authors' reference code. The C tests hold the printed values as
constants (python3 is not needed to run them). Run: python3 THIS_FILE
"""
import itertools
import math
import statistics

M64 = (1 << 64) - 1


def describe(name, v):
    q = statistics.quantiles(v, n=100, method="inclusive")
    print(f"{name}: n={len(v)} mean={statistics.mean(v)!r} "
          f"median={statistics.median(v)!r} p95={q[94]!r} p99={q[98]!r} "
          f"stddev={statistics.stdev(v)!r} "
          f"cov={statistics.stdev(v) / abs(statistics.mean(v))!r}")


def midranks(pooled):
    order = sorted(pooled)
    rank = {}
    i = 0
    while i < len(order):
        j = i
        while j < len(order) and order[j] == order[i]:
            j += 1
        rank[order[i]] = (i + 1 + j) / 2
        i = j
    return [rank[x] for x in pooled]


def mwu_exact(a, b):
    pooled = a + b
    r = midranks(pooled)
    mean = len(a) * (len(pooled) + 1) / 2
    obs = abs(sum(r[:len(a)]) - mean)
    hit = total = 0
    for idx in itertools.combinations(range(len(pooled)), len(a)):
        total += 1
        if abs(sum(r[i] for i in idx) - mean) >= obs - 1e-9:
            hit += 1
    return hit / total, hit, total


def mwu_exact_doubled(a, b):
    """Twice the smaller tail of the rank sum of a over every split."""
    pooled = a + b
    r = midranks(pooled)
    obs = sum(r[:len(a)])
    lo = hi = total = 0
    for idx in itertools.combinations(range(len(pooled)), len(a)):
        s = sum(r[i] for i in idx)
        total += 1
        lo += s <= obs + 1e-9
        hi += s >= obs - 1e-9
    return min(1.0, 2 * min(lo, hi) / total), lo, hi, total


def mwu_normal(a, b):
    n1, n2 = len(a), len(b)
    n = n1 + n2
    r = midranks(a + b)
    u = sum(r[:n1]) - n1 * (n1 + 1) / 2
    counts = {}
    for x in a + b:
        counts[x] = counts.get(x, 0) + 1
    t = sum(c ** 3 - c for c in counts.values())
    sigma = math.sqrt(n1 * n2 / 12 * ((n + 1) - t / (n * (n - 1))))
    z = max(0.0, abs(u - n1 * n2 / 2) - 0.5) / sigma
    return math.erfc(z / math.sqrt(2))


class Xoshiro:
    def __init__(self, seed):
        self.s = []
        x = seed
        for _ in range(4):
            x = (x + 0x9e3779b97f4a7c15) & M64
            z = x
            z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M64
            z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M64
            self.s.append(z ^ (z >> 31))

    @staticmethod
    def rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & M64

    def next(self):
        s = self.s
        result = (self.rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = self.rotl(s[3], 45)
        return result

    def below(self, n):
        limit = M64 - M64 % n
        while True:
            x = self.next()
            if x < limit:
                return x % n


def type7(v, q):
    pos = q * (len(v) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def bootstrap_ratio(base, new, seed, resamples=10000):
    g = Xoshiro(seed)
    out = []
    for _ in range(resamples):
        mb = sum(base[g.below(len(base))] for _ in base) / len(base)
        mn = sum(new[g.below(len(new))] for _ in new) / len(new)
        out.append(mn / mb)
    out.sort()
    return type7(out, 0.025), type7(out, 0.975)


# Real add_total_us of baseline 128M from a TCG run, and a small set.
lat = [42332.0, 55540.0, 29710.0, 38120.0, 47415.0]
describe("lat", lat)
describe("ints", [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0])

g = Xoshiro(0)
print("xoshiro256** seed 0 first three:",
      [hex(g.next()) for _ in range(3)])

# Conover's / scipy's example: males vs females.
print("mwu males/females exact:", mwu_exact([19, 22, 16, 29, 24],
                                            [20, 11, 17, 12]))
print("mwu males/females normal:", repr(mwu_normal([19, 22, 16, 29, 24],
                                                    [20, 11, 17, 12])))
print("mwu ties exact:", mwu_exact([1, 2, 2, 3, 3], [2, 3, 3, 4, 5]))
print("mwu 3v3 separated exact:", mwu_exact([1, 2, 3], [4, 5, 6]))
print("mwu 5v5 separated exact:", mwu_exact([1, 2, 3, 4, 5],
                                            [6, 7, 8, 9, 10]))
a = [float(i) for i in range(40)]
b = [float(i) + 10.5 for i in range(40)]
print("mwu normal 40v40 shift 10.5:", repr(mwu_normal(a, b)))
a = [float(i // 4) for i in range(40)]
b = [float(i // 4) + 2 for i in range(40)]
print("mwu normal 40v40 ties shift 2:", repr(mwu_normal(a, b)))

base = [100.0, 104.0, 98.0, 101.0, 97.0]
new = [110.0, 113.0, 108.0, 115.0, 109.0]
print("bootstrap seed 1 ratio:", sum(new) / sum(base),
      bootstrap_ratio(base, new, 1))


def bh_by_definition(p):
    """Benjamini-Hochberg adjusted p-values straight from the definition
    (no step-up loop): q_i = min over every p_j >= p_i of p_j * m / rank_j,
    capped at 1, with rank_j the position of p_j in ascending order."""
    m = len(p)
    order = sorted(p)
    return [min(1.0, min(pj * m / (order.index(pj) + 1 +
                                    order.count(pj) - 1)
                         for pj in p if pj >= pi)) for pi in p]


# Benjamini & Hochberg (1995), section 4.3: 15 p-values of a clinical
# trial; at q = 0.05 the procedure rejects the four smallest.
bh95 = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
        0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000]
print("bh 1995 example:", [repr(q) for q in bh_by_definition(bh95)])
# Unsorted, with ties.
bht = [0.04, 0.01, 0.03, 0.01, 0.2]
print("bh ties unsorted:", [repr(q) for q in bh_by_definition(bht)])
# Ties make the exact two-sided p twice the smaller tail: [1, 1] vs [2].
print("mwu ties 2v1 doubled tail:", mwu_exact_doubled([1, 1], [2]))

# The smallest detectable change follows alpha: the 95 % interval's half
# width in standard errors (z(0.975)), rescaled to z(1 - alpha / 2).
z = statistics.NormalDist().inv_cdf
print("z upper 0.025, 0.005, 0.05:", repr(z(0.975)), repr(z(0.995)),
      repr(z(0.95)))
print("detectable at 0.01, half width 0.2:", repr(0.2 * z(0.995) / z(0.975)))
print("detectable at 0.01, half width 20:", repr(20 * z(0.995) / z(0.975)),
      "of 200:", repr(20 * z(0.995) / z(0.975) / 200))
