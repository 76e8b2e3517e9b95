//go:build !amd64

package nn

// kernelsGo is the only kernel set off amd64.
const kernelsGo = 0

// kernels selects the micro-kernels gemmAdd uses.
var kernels = kernelsGo

// gemmAdd computes C += A·B where A (m×k) has element (i, p) at
// a[i·rsa + p·csa], and B (k×n) and C (m×n) are row-major with leading
// dimensions ldb and ldc.
func gemmAdd(m, n, k int, a []float64, rsa, csa int, b []float64, ldb int, c []float64, ldc int) {
	gemmAddGo(m, n, k, a, rsa, csa, b, ldb, c, ldc)
}
