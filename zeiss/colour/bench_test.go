package colour

import "testing"

func BenchmarkLab(b *testing.B) {
	c := mustConverter(b, IlluminantC, Observer2)
	for b.Loop() {
		if _, err := c.Lab(best); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLabJacobian(b *testing.B) {
	c := mustConverter(b, IlluminantC, Observer2)
	for b.Loop() {
		if _, _, err := c.LabJacobian(best); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewConverter(b *testing.B) {
	for b.Loop() {
		mustConverter(b, IlluminantD65, Observer10)
	}
}

func BenchmarkDeltaE00(b *testing.B) {
	p, q := sharma[24].p, sharma[24].q
	for b.Loop() {
		DeltaE00(p, q)
	}
}
