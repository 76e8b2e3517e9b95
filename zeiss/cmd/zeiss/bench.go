package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/arcoat/zeiss/zeiss/nn"
)

// benchWorkloads lists the workloads of the PyTorch reference script
// (shared/bench/torch_reference.py), in its order and with its JSON keys.
var benchWorkloads = []string{"model2_base", "model2_finetune", "model1_cycle", "inverse_std", "inverse_thick", "lr_search"}

// runBench times the neural-network workloads of the pipeline: the same
// shapes, step counts and optimiser settings as the PyTorch reference, so the
// two can be compared side by side.
func runBench(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", stderr)
	asJSON := fs.Bool("json", false, "print one JSON object of seconds per workload (the keys of torch_reference.py)")
	repeat := fs.Int("repeat", 3, "time each workload this many times and report the best")
	only := fs.String("only", "", "comma-separated workloads to run (default all): "+strings.Join(benchWorkloads, ","))
	threads := fs.Int("threads", runtime.GOMAXPROCS(0), "goroutines for independent trainings and searches")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: zeiss bench [-json] [-repeat N] [-only list] [-threads N]\n\n"+
			"Times the model workloads of the pipeline (MLP training with Adam/amsgrad, per-cycle\n"+
			"fine-tuning, inverse optimisation of inputs) with the shapes of the PyTorch reference.\n\n")
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *repeat < 1 {
		return fmt.Errorf("-repeat %d: need at least 1", *repeat)
	}
	if *threads < 1 {
		return fmt.Errorf("-threads %d: need at least 1", *threads)
	}
	selected := benchWorkloads
	if *only != "" {
		selected = nil
		for _, name := range strings.Split(*only, ",") {
			name = strings.TrimSpace(name)
			if !slices.Contains(benchWorkloads, name) {
				return fmt.Errorf("-only: unknown workload %q (want some of %s)", name, strings.Join(benchWorkloads, ","))
			}
			selected = append(selected, name)
		}
	}
	w, err := newBenchWorkloads(*threads)
	if err != nil {
		return err
	}
	times := map[string]float64{}
	for _, name := range benchWorkloads { // the reference's order, so state carries over as there
		if !slices.Contains(selected, name) {
			continue
		}
		best := math.Inf(1)
		for range *repeat {
			start := time.Now()
			if err := w.run(name); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			best = min(best, time.Since(start).Seconds())
		}
		times[name] = math.Round(best*1e4) / 1e4
		if !*asJSON {
			fmt.Fprintf(stdout, "%-16s %8.4f s\n", name, times[name])
		}
	}
	if !*asJSON {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, `{"go": %q, "threads": %d`, runtime.Version(), *threads)
	for _, name := range benchWorkloads {
		if t, ok := times[name]; ok {
			v, _ := json.Marshal(t)
			fmt.Fprintf(&b, ", %q: %s", name, v)
		}
	}
	b.WriteString("}\n")
	_, err = io.WriteString(stdout, b.String())
	return err
}

// benchState holds the data and models the workloads share, as the reference
// script does: model2_finetune starts from the model trained by model2_base,
// and inverse_std inverts that model.
type benchState struct {
	threads        int
	x2, y2, x1, y1 []float64
	base, m1       *nn.MLP
	rng            *rand.Rand
}

func newBenchWorkloads(threads int) (*benchState, error) {
	rng := rand.New(rand.NewPCG(957, 0))
	s := &benchState{threads: threads, rng: rng}
	s.x2 = normals(rng, 600*14)
	s.y2 = uniforms(rng, 600*81, 6)
	s.x1 = normals(rng, 50*10)
	s.y1 = uniforms(rng, 50*14, 30)
	var err error
	if s.base, err = nn.New(benchSpec(14, 80, 81), rng); err != nil {
		return nil, err
	}
	if s.m1, err = nn.New(benchSpec(10, 200, 14), rng); err != nil {
		return nil, err
	}
	return s, nil
}

func benchSpec(in, hidden, out int) nn.Spec {
	return nn.NewSpec([]int{in, hidden, out}, nn.ReLU, nn.ReLU)
}

func benchAdam(lr, wd float64) nn.AdamConfig {
	return nn.AdamConfig{LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: wd, AMSGrad: true}
}

func normals(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

func uniforms(rng *rand.Rand, n int, scale float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = scale * rng.Float64()
	}
	return v
}

func (s *benchState) run(name string) error {
	switch name {
	case "model2_base":
		_, err := nn.Train(s.base, s.x2, s.y2, nn.TrainConfig{Epochs: 600, Adam: benchAdam(1e-3, 1e-5), Workers: s.threads})
		return err
	case "model2_finetune":
		return parallel(12, s.threads, func(c int) error {
			m := s.base.Clone()
			_, err := nn.Train(m, s.x2[c*50*14:(c+1)*50*14], s.y2[c*50*81:(c+1)*50*81],
				nn.TrainConfig{Epochs: 600, Adam: benchAdam(1e-3, 1e-5)})
			return err
		})
	case "model1_cycle":
		// Draw the initial weights up front so they do not depend on scheduling.
		seeds := make([]uint64, 12)
		for i := range seeds {
			seeds[i] = s.rng.Uint64()
		}
		return parallel(12, s.threads, func(c int) error {
			m, err := nn.New(benchSpec(10, 200, 14), rand.New(rand.NewPCG(seeds[c], 1)))
			if err != nil {
				return err
			}
			_, err = nn.Train(m, s.x1, s.y1, nn.TrainConfig{Epochs: 2000, Adam: benchAdam(1e-3, 1e-4)})
			return err
		})
	case "inverse_std":
		return s.inverse(s.base, s.x2[:14], s.y2[:81], 3000, 1e-3)
	case "inverse_thick":
		return s.inverse(s.m1, s.x1[:10], s.y1[:14], 6000, 5e-4)
	case "lr_search":
		lrs := []float64{5e-4, 8e-4, 1e-3, 2e-3, 3e-3}
		return parallel(len(lrs), s.threads, func(i int) error {
			return s.inverse(s.m1, s.x1[:10], s.y1[:14], 6000, lrs[i])
		})
	}
	return fmt.Errorf("unknown workload %q", name)
}

// inverse runs Adam (amsgrad) on the input of a frozen model toward target.
func (s *benchState) inverse(m *nn.MLP, x0, target []float64, steps int, lr float64) error {
	o := nn.InputOptimizer{Model: m, Adam: benchAdam(lr, 0)}
	_, err := o.Run(x0, target, steps)
	return err
}

// parallel calls f(0…n−1) on up to workers goroutines and returns the first
// error.
func parallel(n, workers int, f func(i int) error) error {
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
