package nn

// Dense layer kernels on row-major matrices, built on gemmAdd.

// transpose writes the r×c matrix a into t as c×r.
func transpose(a []float64, r, c int, t []float64) {
	for i := 0; i < r; i++ {
		row := a[i*c : (i+1)*c]
		for j, v := range row {
			t[j*r+i] = v
		}
	}
}

// linearForward computes z = a·Wᵀ + b for n rows: a is n×in, wt = Wᵀ is
// in×out, z is n×out.
func linearForward(a []float64, n, in int, wt, bias []float64, out int, z []float64) {
	for r := 0; r < n; r++ {
		copy(z[r*out:(r+1)*out], bias)
	}
	gemmAdd(n, out, in, a, in, 1, wt, out, z, out)
}

// gradWeights computes gw = dzᵀ·a (out×in) and gb = column sums of dz, for
// dz n×out and a n×in.
func gradWeights(dz, a []float64, n, in, out int, gw, gb []float64) {
	clear(gb)
	for r := 0; r < n; r++ {
		for o, v := range dz[r*out : (r+1)*out] {
			gb[o] += v
		}
	}
	clear(gw)
	gemmAdd(out, in, n, dz, 1, out, a, in, gw, in)
}

// gradInputs computes dx = dz·W (n×in) for dz n×out and W out×in.
func gradInputs(dz, w []float64, n, in, out int, dx []float64) {
	clear(dx[:n*in])
	gemmAdd(n, in, out, dz, out, 1, w, in, dx, in)
}
