package nn

import (
	"fmt"
	"math"
)

// epilogue says what gemm does with the product A·B of a block before it
// stores it in C: add C's old value, add a bias row (one value per column),
// and apply ReLU, in that order.
type epilogue struct {
	add  bool
	bias []float64
	relu bool
}

// checkGemm panics unless the operands of gemm are large enough; the
// assembly kernels rely on it.
func checkGemm(m, n, k int, a []float64, rsa, csa int, b []float64, ldb int, c []float64, ldc int, ep epilogue) {
	if m == 0 || n == 0 {
		return
	}
	if rsa < 0 || csa < 0 || ldb < n || ldc < n ||
		(k > 0 && len(a) <= (m-1)*rsa+(k-1)*csa) ||
		(k > 0 && len(b) < (k-1)*ldb+n) ||
		len(c) < (m-1)*ldc+n ||
		(ep.bias != nil && len(ep.bias) < n) {
		panic(fmt.Sprintf("nn: gemm %d×%d×%d: operands too short (len %d/%d/%d/%d, strides %d,%d/%d/%d)", m, n, k, len(a), len(b), len(c), len(ep.bias), rsa, csa, ldb, ldc))
	}
}

// gemmGo is the portable gemm. Its arithmetic is the canonical one, which
// every kernel set follows bit for bit, so results do not depend on the CPU:
// each element of C is an accumulator that starts at +0 and takes one fused
// multiply-add a(i,p)·b(p,j) for p = 0, 1, …, k−1 in turn (no term skipped,
// not even a zero one); then the epilogue adds C's old value, then the bias,
// each as one rounded addition, and applies ReLU (negatives and −0 to +0,
// NaN kept). math.FMA is one instruction where the hardware has it and is
// computed exactly elsewhere, so the result is the same everywhere.
//
// It holds blocks of 2×4 elements of C in registers while it walks k.
func gemmGo(m, n, k int, a []float64, rsa, csa int, b []float64, ldb int, c []float64, ldc int, ep epilogue) {
	checkGemm(m, n, k, a, rsa, csa, b, ldb, c, ldc, ep)
	i := 0
	for ; i+2 <= m; i += 2 {
		c0, c1 := c[i*ldc:i*ldc+n], c[(i+1)*ldc:(i+1)*ldc+n]
		j := 0
		for ; j+4 <= n; j += 4 {
			var s00, s01, s02, s03, s10, s11, s12, s13 float64
			ap := i * rsa
			for p := 0; p < k; p++ {
				v0, v1 := a[ap], a[ap+rsa]
				ap += csa
				bp := b[p*ldb+j : p*ldb+j+4]
				b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
				s00 = math.FMA(v0, b0, s00)
				s01 = math.FMA(v0, b1, s01)
				s02 = math.FMA(v0, b2, s02)
				s03 = math.FMA(v0, b3, s03)
				s10 = math.FMA(v1, b0, s10)
				s11 = math.FMA(v1, b1, s11)
				s12 = math.FMA(v1, b2, s12)
				s13 = math.FMA(v1, b3, s13)
			}
			d0, d1 := c0[j:j+4], c1[j:j+4]
			d0[0], d0[1], d0[2], d0[3] = ep.finish(s00, d0[0], j), ep.finish(s01, d0[1], j+1), ep.finish(s02, d0[2], j+2), ep.finish(s03, d0[3], j+3)
			d1[0], d1[1], d1[2], d1[3] = ep.finish(s10, d1[0], j), ep.finish(s11, d1[1], j+1), ep.finish(s12, d1[2], j+2), ep.finish(s13, d1[3], j+3)
		}
		for ; j < n; j++ {
			var s0, s1 float64
			ap := i * rsa
			for p := 0; p < k; p++ {
				w := b[p*ldb+j]
				s0 = math.FMA(a[ap], w, s0)
				s1 = math.FMA(a[ap+rsa], w, s1)
				ap += csa
			}
			c0[j], c1[j] = ep.finish(s0, c0[j], j), ep.finish(s1, c1[j], j)
		}
	}
	if i < m {
		ci := c[i*ldc : i*ldc+n]
		j := 0
		for ; j+4 <= n; j += 4 {
			var s0, s1, s2, s3 float64
			ap := i * rsa
			for p := 0; p < k; p++ {
				v := a[ap]
				ap += csa
				bp := b[p*ldb+j : p*ldb+j+4]
				s0 = math.FMA(v, bp[0], s0)
				s1 = math.FMA(v, bp[1], s1)
				s2 = math.FMA(v, bp[2], s2)
				s3 = math.FMA(v, bp[3], s3)
			}
			d := ci[j : j+4]
			d[0], d[1], d[2], d[3] = ep.finish(s0, d[0], j), ep.finish(s1, d[1], j+1), ep.finish(s2, d[2], j+2), ep.finish(s3, d[3], j+3)
		}
		for ; j < n; j++ {
			var s float64
			ap := i * rsa
			for p := 0; p < k; p++ {
				s = math.FMA(a[ap], b[p*ldb+j], s)
				ap += csa
			}
			ci[j] = ep.finish(s, ci[j], j)
		}
	}
}

// finish applies the epilogue to the accumulated product s of column j,
// old being C's old value there.
func (ep *epilogue) finish(s, old float64, j int) float64 {
	if ep.add {
		s += old
	}
	if ep.bias != nil {
		s += ep.bias[j]
	}
	if ep.relu && s <= 0 { // −0 and negatives to +0; NaN stays
		s = 0
	}
	return s
}
