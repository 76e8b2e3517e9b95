package optics

import "testing"

// BenchmarkLookupStack: looking up the seven stack materials and a substrate.
func BenchmarkLookupStack(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = StackMaterials()
		_ = MustLookup("Substrate1.60")
	}
}

// BenchmarkNewLens: evaluating the optical constants of a lens on 81 wavelengths.
func BenchmarkNewLens(b *testing.B) {
	st := StackMaterials()
	sub := MustLookup("Substrate1.60")
	wl := grid81()
	b.ReportAllocs()
	for b.Loop() {
		_ = NewLens(wl, sub, st, st)
	}
}
