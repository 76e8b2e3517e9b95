package nn

import "fmt"

// checkGemm panics unless the operands of gemmAdd are large enough; the
// assembly kernels rely on it.
func checkGemm(m, n, k int, a []float64, rsa, csa int, b []float64, ldb int, c []float64, ldc int) {
	if m == 0 || n == 0 || k == 0 {
		return
	}
	if rsa < 0 || csa < 0 || ldb < n || ldc < n ||
		len(a) <= (m-1)*rsa+(k-1)*csa ||
		len(b) < (k-1)*ldb+n ||
		len(c) < (m-1)*ldc+n {
		panic(fmt.Sprintf("nn: gemm %d×%d×%d: operands too short (len %d/%d/%d, strides %d,%d/%d/%d)", m, n, k, len(a), len(b), len(c), rsa, csa, ldb, ldc))
	}
}

// gemmAddGo is the portable C += A·B (see gemmAdd): for each row of A it adds
// multiples of the rows of B, skipping zeros of A (frequent after a ReLU).
func gemmAddGo(m, n, k int, a []float64, rsa, csa int, b []float64, ldb int, c []float64, ldc int) {
	checkGemm(m, n, k, a, rsa, csa, b, ldb, c, ldc)
	for i := 0; i < m; i++ {
		ci := c[i*ldc : i*ldc+n]
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
	}
}
