//go:build !amd64

package nn

// kernelsGo is the only kernel set off amd64.
const kernelsGo = 0

// kernels selects the micro-kernels gemm uses.
var kernels = kernelsGo

// gemm computes C = relu?(A·B + (add? C) + bias) (see epilogue), where A
// (m×k) has element (i, p) at a[i·rsa + p·csa], and B (k×n) and C (m×n) are
// row-major with leading dimensions ldb and ldc.
func gemm(m, n, k int, a []float64, rsa, csa int, b []float64, ldb int, c []float64, ldc int, ep epilogue) {
	gemmGo(m, n, k, a, rsa, csa, b, ldb, c, ldc, ep)
}
