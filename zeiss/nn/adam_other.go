//go:build !amd64

package nn

// adamUpdate applies the Adam update to all parameters.
func adamUpdate(p, g, m, v, w []float64, c *adamConsts) {
	adamGo(p, g, m, v, w, c)
}
