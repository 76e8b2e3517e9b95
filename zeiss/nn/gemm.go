package nn

import "fmt"

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

// gemmGo is the portable gemm: for each row of A it adds multiples of the
// rows of B, skipping zeros of A (frequent after a ReLU).
func gemmGo(m, n, k int, a []float64, rsa, csa int, b []float64, ldb int, c []float64, ldc int, ep epilogue) {
	checkGemm(m, n, k, a, rsa, csa, b, ldb, c, ldc, ep)
	for i := 0; i < m; i++ {
		ci := c[i*ldc : i*ldc+n]
		if !ep.add {
			clear(ci)
		}
		for p := 0; p < k; p++ {
			v := a[i*rsa+p*csa]
			if v == 0 {
				continue
			}
			bp := b[p*ldb : p*ldb+n]
			for j, w := range bp {
				ci[j] += v * w
			}
		}
		if ep.bias != nil {
			for j, v := range ep.bias[:n] {
				ci[j] += v
			}
		}
		if ep.relu {
			for j, v := range ci {
				if v <= 0 { // −0 and negatives to +0; NaN stays
					ci[j] = 0
				}
			}
		}
	}
}
