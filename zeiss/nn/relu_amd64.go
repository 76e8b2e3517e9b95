//go:build amd64

package nn

//go:noescape
func reluMaskAVX2(n int, y, src, dst *float64)

//go:noescape
func reluMaskAVX512(n int, y, src, dst *float64)

// reluMask writes dst = src where y > 0 and 0 elsewhere (the ReLU
// derivative applied to src, y being the ReLU's output), vectorised where
// the CPU allows.
func reluMask(y, src, dst []float64) {
	n := len(dst)
	y, src = y[:n], src[:n]
	k := 0
	switch {
	case kernels == kernelsAVX512 && n >= 8:
		k = n &^ 7
		reluMaskAVX512(k, &y[0], &src[0], &dst[0])
	case kernels >= kernelsAVX2 && n >= 4:
		k = n &^ 3
		reluMaskAVX2(k, &y[0], &src[0], &dst[0])
	}
	reluMaskGo(y[k:], src[k:], dst[k:])
}
