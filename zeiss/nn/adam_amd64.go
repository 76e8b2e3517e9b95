//go:build amd64

package nn

//go:noescape
func adamAVX2(n int, params, grads, mom, sq, maxsq *float64, c *adamConsts)

// adamUpdate applies the Adam update to all parameters: four at a time with
// AVX2 where the CPU has it (the operations of adamGo, in the same
// order, so bit-identical to it), the rest in Go.
func adamUpdate(p, g, m, v, w []float64, c *adamConsts) {
	n := len(p)
	g, m, v = g[:n], m[:n], v[:n]
	if w != nil {
		w = w[:n]
	}
	k := 0
	if kernels >= kernelsAVX2 && n >= 4 {
		k = n &^ 3
		var wp *float64
		if w != nil {
			wp = &w[0]
		}
		adamAVX2(k, &p[0], &g[0], &m[0], &v[0], wp, c)
	}
	if k < n {
		var wt []float64
		if w != nil {
			wt = w[k:]
		}
		adamGo(p[k:], g[k:], m[k:], v[k:], wt, c)
	}
}
