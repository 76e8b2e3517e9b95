package twin

import (
	"testing"
)

// BenchmarkSimulateFurnace measures the furnace-level twin (operator, two
// QCM traces, std features, measured curve) per furnace, without raw logs.
func BenchmarkSimulateFurnace(b *testing.B) {
	p := DefaultParams()
	const n = 100
	b.ResetTimer()
	for range b.N {
		if _, err := Simulate(p, 1, n); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/furnace")
}

// BenchmarkWriteRawFurnace measures writing the raw logs (two evt logs and
// two 1 Hz sensor files) of one furnace, one worker.
func BenchmarkWriteRawFurnace(b *testing.B) {
	ds, err := Simulate(DefaultParams(), 1, 1)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	b.ResetTimer()
	for range b.N {
		if err := WriteRaw(ds, dir, RawOptions{Workers: 1, Overwrite: true}); err != nil {
			b.Fatal(err)
		}
	}
}
