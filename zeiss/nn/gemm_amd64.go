//go:build amd64

package nn

import "golang.org/x/sys/cpu"

// The kernel sets of gemm_amd64.s, best last.
const (
	kernelsGo     = iota // portable Go
	kernelsAVX2          // AVX2 + FMA, 4 lanes
	kernelsAVX512        // AVX-512F, 8 lanes
)

// kernels selects the micro-kernels gemm uses: the best the CPU has. All
// kernel sets give the same bits (see gemmGo), so the choice is one of speed.
var kernels = func() int {
	switch {
	case cpu.X86.HasAVX512F:
		return kernelsAVX512
	case cpu.X86.HasAVX2 && cpu.X86.HasFMA:
		return kernelsAVX2
	}
	return kernelsGo
}()

// The micro-kernels of gemm_amd64.s (see testdata/gen_gemm_amd64.py): an
// r×c block of C = relu?(A·B + (add? C) + bias), A strided. The "m" kernels
// take the lanes of a last, partial block of columns.

//go:noescape
func gemm4x8(k int, a *float64, rsa, csa int, b *float64, ldb int, c *float64, ldc int, add bool, bias *float64, relu bool)

//go:noescape
func gemm4x4(k int, a *float64, rsa, csa int, b *float64, ldb int, c *float64, ldc int, add bool, bias *float64, relu bool)

//go:noescape
func gemm4x4m(k int, a *float64, rsa, csa int, b *float64, ldb int, c *float64, ldc int, add bool, bias *float64, relu bool, mask *int64)

//go:noescape
func gemm1x8(k int, a *float64, rsa, csa int, b *float64, ldb int, c *float64, ldc int, add bool, bias *float64, relu bool)

//go:noescape
func gemm1x4(k int, a *float64, rsa, csa int, b *float64, ldb int, c *float64, ldc int, add bool, bias *float64, relu bool)

//go:noescape
func gemm1x4m(k int, a *float64, rsa, csa int, b *float64, ldb int, c *float64, ldc int, add bool, bias *float64, relu bool, mask *int64)

//go:noescape
func gemm8x16z(k int, a *float64, rsa, csa int, b *float64, ldb int, c *float64, ldc int, add bool, bias *float64, relu bool)

//go:noescape
func gemm8x8z(k int, a *float64, rsa, csa int, b *float64, ldb int, c *float64, ldc int, add bool, bias *float64, relu bool)

//go:noescape
func gemm8x8mz(k int, a *float64, rsa, csa int, b *float64, ldb int, c *float64, ldc int, add bool, bias *float64, relu bool, mask int)

//go:noescape
func gemm4x16z(k int, a *float64, rsa, csa int, b *float64, ldb int, c *float64, ldc int, add bool, bias *float64, relu bool)

//go:noescape
func gemm4x8z(k int, a *float64, rsa, csa int, b *float64, ldb int, c *float64, ldc int, add bool, bias *float64, relu bool)

//go:noescape
func gemm4x8mz(k int, a *float64, rsa, csa int, b *float64, ldb int, c *float64, ldc int, add bool, bias *float64, relu bool, mask int)

//go:noescape
func gemm1x16z(k int, a *float64, rsa, csa int, b *float64, ldb int, c *float64, ldc int, add bool, bias *float64, relu bool)

//go:noescape
func gemm1x8z(k int, a *float64, rsa, csa int, b *float64, ldb int, c *float64, ldc int, add bool, bias *float64, relu bool)

//go:noescape
func gemm1x8mz(k int, a *float64, rsa, csa int, b *float64, ldb int, c *float64, ldc int, add bool, bias *float64, relu bool, mask int)

// tailMask[r] enables the first r of 4 lanes.
var tailMask = [4][4]int64{{}, {-1}, {-1, -1}, {-1, -1, -1}}

// gemm computes C = relu?(A·B + (add? C) + bias) (see epilogue), where A
// (m×k) has element (i, p) at a[i·rsa + p·csa], and B (k×n) and C (m×n) are
// row-major with leading dimensions ldb and ldc.
func gemm(m, n, k int, a []float64, rsa, csa int, b []float64, ldb int, c []float64, ldc int, ep epilogue) {
	if k == 0 || m == 0 || n == 0 || kernels == kernelsGo {
		gemmGo(m, n, k, a, rsa, csa, b, ldb, c, ldc, ep)
		return
	}
	checkGemm(m, n, k, a, rsa, csa, b, ldb, c, ldc, ep)
	if kernels == kernelsAVX512 {
		gemmAVX512(m, n, k, a, rsa, csa, b, ldb, c, ldc, ep)
	} else {
		gemmAVX2(m, n, k, a, rsa, csa, b, ldb, c, ldc, ep)
	}
}

// biasAt returns &bias[j], or nil without a bias.
func biasAt(bias []float64, j int) *float64 {
	if bias == nil {
		return nil
	}
	return &bias[j]
}

// gemmAVX2 tiles C into 4×8 blocks (then 4×4, then a masked 4×1–3), and
// the rows left over into 1×8 blocks and so on.
func gemmAVX2(m, n, k int, a []float64, rsa, csa int, b []float64, ldb int, c []float64, ldc int, ep epilogue) {
	n8, n4, tail := n&^7, n&^3, n&3
	mask := &tailMask[tail][0]
	add, relu := ep.add, ep.relu
	i := 0
	for ; i+4 <= m; i += 4 {
		ai, ci := &a[i*rsa], c[i*ldc:]
		for j := 0; j < n8; j += 8 {
			gemm4x8(k, ai, rsa, csa, &b[j], ldb, &ci[j], ldc, add, biasAt(ep.bias, j), relu)
		}
		if n8 < n4 {
			gemm4x4(k, ai, rsa, csa, &b[n8], ldb, &ci[n8], ldc, add, biasAt(ep.bias, n8), relu)
		}
		if tail > 0 {
			gemm4x4m(k, ai, rsa, csa, &b[n4], ldb, &ci[n4], ldc, add, biasAt(ep.bias, n4), relu, mask)
		}
	}
	for ; i < m; i++ {
		ai, ci := &a[i*rsa], c[i*ldc:]
		for j := 0; j < n8; j += 8 {
			gemm1x8(k, ai, rsa, csa, &b[j], ldb, &ci[j], ldc, add, biasAt(ep.bias, j), relu)
		}
		if n8 < n4 {
			gemm1x4(k, ai, rsa, csa, &b[n8], ldb, &ci[n8], ldc, add, biasAt(ep.bias, n8), relu)
		}
		if tail > 0 {
			gemm1x4m(k, ai, rsa, csa, &b[n4], ldb, &ci[n4], ldc, add, biasAt(ep.bias, n4), relu, mask)
		}
	}
}

// gemmAVX512 is gemmAVX2 with blocks twice as wide, and 8 rows high first.
func gemmAVX512(m, n, k int, a []float64, rsa, csa int, b []float64, ldb int, c []float64, ldc int, ep epilogue) {
	n16, n8, tail := n&^15, n&^7, n&7
	mask := 1<<tail - 1
	add, relu := ep.add, ep.relu
	i := 0
	for ; i+8 <= m; i += 8 {
		ai, ci := &a[i*rsa], c[i*ldc:]
		for j := 0; j < n16; j += 16 {
			gemm8x16z(k, ai, rsa, csa, &b[j], ldb, &ci[j], ldc, add, biasAt(ep.bias, j), relu)
		}
		if n16 < n8 {
			gemm8x8z(k, ai, rsa, csa, &b[n16], ldb, &ci[n16], ldc, add, biasAt(ep.bias, n16), relu)
		}
		if tail > 0 {
			gemm8x8mz(k, ai, rsa, csa, &b[n8], ldb, &ci[n8], ldc, add, biasAt(ep.bias, n8), relu, mask)
		}
	}
	for ; i+4 <= m; i += 4 {
		ai, ci := &a[i*rsa], c[i*ldc:]
		for j := 0; j < n16; j += 16 {
			gemm4x16z(k, ai, rsa, csa, &b[j], ldb, &ci[j], ldc, add, biasAt(ep.bias, j), relu)
		}
		if n16 < n8 {
			gemm4x8z(k, ai, rsa, csa, &b[n16], ldb, &ci[n16], ldc, add, biasAt(ep.bias, n16), relu)
		}
		if tail > 0 {
			gemm4x8mz(k, ai, rsa, csa, &b[n8], ldb, &ci[n8], ldc, add, biasAt(ep.bias, n8), relu, mask)
		}
	}
	for ; i < m; i++ {
		ai, ci := &a[i*rsa], c[i*ldc:]
		for j := 0; j < n16; j += 16 {
			gemm1x16z(k, ai, rsa, csa, &b[j], ldb, &ci[j], ldc, add, biasAt(ep.bias, j), relu)
		}
		if n16 < n8 {
			gemm1x8z(k, ai, rsa, csa, &b[n16], ldb, &ci[n16], ldc, add, biasAt(ep.bias, n16), relu)
		}
		if tail > 0 {
			gemm1x8mz(k, ai, rsa, csa, &b[n8], ldb, &ci[n8], ldc, add, biasAt(ep.bias, n8), relu, mask)
		}
	}
}
