package nn

// Dense layer kernels on row-major matrices, built on gemm.

// transpose writes the r×c matrix a into t as c×r.
func transpose(a []float64, r, c int, t []float64) {
	for i := 0; i < r; i++ {
		row := a[i*c : (i+1)*c]
		for j, v := range row {
			t[j*r+i] = v
		}
	}
}

// linearForward computes z = a·Wᵀ + b for n rows, then max(z, 0) if relu:
// a is n×in, wt = Wᵀ is in×out, z is n×out.
func linearForward(a []float64, n, in int, wt, bias []float64, out int, z []float64, relu bool) {
	gemm(n, out, in, a, in, 1, wt, out, z, out, epilogue{bias: bias, relu: relu})
}

// gradWeights computes gw = dzᵀ·a (out×in) and gb = column sums of dz
// (as 1ᵀ·dz, ones holding at least n ones), for dz n×out and a n×in.
func gradWeights(dz, a []float64, n, in, out int, gw, gb, ones []float64) {
	gemm(1, out, n, ones, n, 1, dz, out, gb, out, epilogue{})
	gemm(out, in, n, dz, 1, out, a, in, gw, in, epilogue{})
}

// gradInputs computes dx = dz·W (n×in) for dz n×out and W out×in.
func gradInputs(dz, w []float64, n, in, out int, dx []float64) {
	gemm(n, in, out, dz, out, 1, w, in, dx, in, epilogue{})
}
