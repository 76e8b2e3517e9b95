package model

import (
	"testing"
)

// BenchmarkTrainDefaultSize trains every model of a dataset the size of the
// default one (18 cycles, 600 furnaces) with the default recipe.
func BenchmarkTrainDefaultSize(b *testing.B) {
	fs := synthTable(9, 18, 33, day0)[:600]
	cfg := DefaultConfig()
	for b.Loop() {
		if _, err := Train(fs, cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRidgeLOO fits a set-point ridge on 500 furnaces with the
// leave-one-out choice of the penalty.
func BenchmarkRidgeLOO(b *testing.B) {
	fs := synthTable(10, 1, 500, day0)
	var x, y [][]float64
	for i := range fs {
		x = append(x, adjustable(&fs[i]))
		y = append(y, fs[i].Curve)
	}
	s, err := fitInputStats(fs, InputSetPoints)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := FitRidge(x, y, s, nil); err != nil {
			b.Fatal(err)
		}
	}
}
