package optics

import "testing"

func benchSetup() (*Design, *Lens, []float64, []float64) {
	wl := grid81()
	st := StackMaterials()
	sub := MustLookup("Substrate1.60")
	front := []float64{24.71 * 1.2, 4, 12.65 * 1.1, 36.74 * 1.2, 103 * 1.1, 92 * 1.2, 10}
	back := []float64{25.33 * 1.2, 4, 12.97 * 1.1, 37.11 * 1.2, 105.5 * 1.1, 93.5 * 1.2, 10}
	return NewDesign(wl, Constant(1), st, sub), NewLens(wl, sub, st, st), front, back
}

// measure runs f b.N times and reports spectra per second of wall time and
// per CPU-second of the process (the single-core rate, robust to a machine
// shared with other work).
func measure(b *testing.B, f func()) {
	b.ReportAllocs()
	cpu0 := processCPU()
	for b.Loop() {
		f()
	}
	cpu := processCPU() - cpu0
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "spectra/s")
	if cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "spectra/cpu-s")
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkDesignReflectance: one 7-layer face at 81 wavelengths.
func BenchmarkDesignReflectance(b *testing.B) {
	d, _, f, _ := benchSetup()
	r := make([]float64, 81)
	measure(b, func() { d.Reflectance(f, r) })
}

// BenchmarkDesignReflectanceGrad: the face curve and its 81×7 gradient.
func BenchmarkDesignReflectanceGrad(b *testing.B) {
	d, _, f, _ := benchSetup()
	r, g := make([]float64, 81), make([]float64, 81*7)
	measure(b, func() { d.ReflectanceGrad(f, r, g) })
}

// BenchmarkDesignRT: reflectance from both sides and transmittance.
func BenchmarkDesignRT(b *testing.B) {
	d, _, f, _ := benchSetup()
	r, t, rr := make([]float64, 81), make([]float64, 81), make([]float64, 81)
	measure(b, func() { d.RT(f, r, t, rr) })
}

// BenchmarkLensReflectance: the double-sided curve (two 7-layer faces).
func BenchmarkLensReflectance(b *testing.B) {
	_, l, f, bk := benchSetup()
	r := make([]float64, 81)
	measure(b, func() { l.Reflectance(f, bk, r) })
}

// BenchmarkLensReflectanceGrad: the double-sided curve and both gradients.
func BenchmarkLensReflectanceGrad(b *testing.B) {
	_, l, f, bk := benchSetup()
	r, gf, gb := make([]float64, 81), make([]float64, 81*7), make([]float64, 81*7)
	measure(b, func() { l.ReflectanceGrad(f, bk, r, gf, gb) })
}
