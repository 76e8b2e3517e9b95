package nn

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// benchTrainer is one full-batch trainer of the pipeline's shapes.
func benchTrainer(b testing.TB, sizes []int, n int) *Trainer {
	rng := rand.New(rand.NewPCG(957, 0))
	m, err := New(NewSpec(sizes, ReLU, ReLU), rng)
	if err != nil {
		b.Fatal(err)
	}
	x := randSlice(rng, n*sizes[0], 1)
	y := randSlice(rng, n*sizes[len(sizes)-1], 1)
	for i := range y {
		y[i] = 3 + y[i]
	}
	t, err := NewTrainer(m, x, y, TrainConfig{Epochs: 1, Adam: AdamConfig{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 1e-5, AMSGrad: true}})
	if err != nil {
		b.Fatal(err)
	}
	return t
}

// BenchmarkEpochModel2 is one epoch of the base model2 (MLP 14-80-81, 600 rows).
func BenchmarkEpochModel2(b *testing.B) {
	t := benchTrainer(b, []int{14, 80, 81}, 600)
	b.ReportAllocs()
	for b.Loop() {
		t.Epoch()
	}
}

// BenchmarkEpochModel2Cycle is one fine-tuning epoch of model2 (50 rows).
func BenchmarkEpochModel2Cycle(b *testing.B) {
	t := benchTrainer(b, []int{14, 80, 81}, 50)
	for b.Loop() {
		t.Epoch()
	}
}

// BenchmarkEpochModel1 is one epoch of a cycle's model1 (MLP 10-200-14, 50 rows).
func BenchmarkEpochModel1(b *testing.B) {
	t := benchTrainer(b, []int{10, 200, 14}, 50)
	b.ReportAllocs()
	for b.Loop() {
		t.Epoch()
	}
}

// BenchmarkInputStep is one projected-Adam step on the input of a frozen model2.
func BenchmarkInputStep(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 0))
	for _, sizes := range [][]int{{14, 80, 81}, {10, 200, 14}} {
		m, _ := New(NewSpec(sizes, ReLU, ReLU), rng)
		g := m.NewInputGrad(nil)
		x, y := randSlice(rng, sizes[0], 1), randSlice(rng, sizes[2], 1)
		dx := make([]float64, len(x))
		adam, _ := NewAdam(len(x), AdamConfig{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, AMSGrad: true})
		b.Run(m.Spec().String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				g.LossGrad(x, y, dx)
				adam.Step(x, dx)
			}
		})
	}
}

// BenchmarkGemm is the largest product of the models: 600×80 by 80×81.
func BenchmarkGemm(b *testing.B) {
	rng := rand.New(rand.NewPCG(2, 0))
	a, w, c := randSlice(rng, 600*80, 1), randSlice(rng, 80*81, 1), make([]float64, 600*81)
	b.Run("asm", func(b *testing.B) {
		for b.Loop() {
			gemm(600, 81, 80, a, 80, 1, w, 81, c, 81, epilogue{add: true})
		}
		b.ReportMetric(600*81*80*float64(b.N)/b.Elapsed().Seconds()/1e9, "GMAC/s")
	})
	// gonum's BLAS (its pure-Go/SSE2 kernels), for the choice of kernels.
	b.Run("gonum", func(b *testing.B) {
		impl := blas64.Implementation()
		for b.Loop() {
			impl.Dgemm(blas.NoTrans, blas.NoTrans, 600, 81, 80, 1, a, 80, w, 81, 1, c, 81)
		}
		b.ReportMetric(600*81*80*float64(b.N)/b.Elapsed().Seconds()/1e9, "GMAC/s")
	})
	b.Run("go", func(b *testing.B) {
		for b.Loop() {
			gemmGo(600, 81, 80, a, 80, 1, w, 81, c, 81, epilogue{add: true})
		}
		b.ReportMetric(600*81*80*float64(b.N)/b.Elapsed().Seconds()/1e9, "GMAC/s")
	})
}

// BenchmarkGemmKernels compares the kernel sets on the model shapes.
func BenchmarkGemmKernels(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 0))
	for _, s := range [][3]int{{600, 81, 80}, {50, 200, 10}, {50, 14, 200}, {200, 10, 50}} {
		m, n, k := s[0], s[1], s[2]
		a, w, c := randSlice(rng, m*k, 1), randSlice(rng, k*n, 1), make([]float64, m*n)
		for _, ks := range availableKernels()[1:] {
			b.Run(fmt.Sprintf("%dx%dx%d/k%d", m, n, k, ks), func(b *testing.B) {
				saved := kernels
				kernels = ks
				defer func() { kernels = saved }()
				for b.Loop() {
					gemm(m, n, k, a, k, 1, w, n, c, n, epilogue{add: true})
				}
				b.ReportMetric(float64(m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GMAC/s")
			})
		}
	}
}

// BenchmarkEpochModel2Workers is BenchmarkEpochModel2 on two goroutines.
func BenchmarkEpochModel2Workers(b *testing.B) {
	t := benchTrainer(b, []int{14, 80, 81}, 600)
	t.cfg.Workers = 2
	for b.Loop() {
		t.Epoch()
	}
}

// BenchmarkEpochModel2Kernels is BenchmarkEpochModel2 on each kernel set
// (all give the same bits; this is their speed).
func BenchmarkEpochModel2Kernels(b *testing.B) {
	for _, ks := range availableKernels() {
		b.Run(fmt.Sprintf("k%d", ks), func(b *testing.B) {
			saved := kernels
			kernels = ks
			defer func() { kernels = saved }()
			t := benchTrainer(b, []int{14, 80, 81}, 600)
			for b.Loop() {
				t.Epoch()
			}
		})
	}
}
