//go:build !amd64

package nn

// reluMask writes dst = src where y > 0 and 0 elsewhere (the ReLU
// derivative applied to src, y being the ReLU's output).
func reluMask(y, src, dst []float64) { reluMaskGo(y, src, dst) }
