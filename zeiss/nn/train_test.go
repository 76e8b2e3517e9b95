package nn

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// toyData returns n rows of a smooth 3→2 regression problem.
func toyData(rng *rand.Rand, n int) (x, y []float64) {
	x = randSlice(rng, n*3, 1)
	y = make([]float64, n*2)
	for r := range n {
		a, b, c := x[3*r], x[3*r+1], x[3*r+2]
		y[2*r] = math.Sin(a) + 0.5*b*c
		y[2*r+1] = a*a - 0.3*c
	}
	return x, y
}

func adamCfg(lr float64) AdamConfig {
	c := DefaultAdam()
	c.LR = lr
	c.AMSGrad = true
	c.WeightDecay = 1e-5
	return c
}

func TestTrainLearnsAndIsDeterministic(t *testing.T) {
	x, y := toyData(rand.New(rand.NewPCG(1, 1)), 64)
	run := func(bs int) (*MLP, *History) {
		m, err := New(NewSpec([]int{3, 16, 2}, Tanh, Identity), rand.New(rand.NewPCG(9, 9)))
		if err != nil {
			t.Fatal(err)
		}
		h, err := Train(m, x, y, TrainConfig{Epochs: 300, BatchSize: bs, Adam: adamCfg(1e-2), Seed: 4})
		if err != nil {
			t.Fatal(err)
		}
		return m, h
	}
	for _, bs := range []int{0, 16} {
		m1, h1 := run(bs)
		m2, h2 := run(bs)
		if !slices.Equal(m1.Params(), m2.Params()) || !slices.Equal(h1.TrainLoss, h2.TrainLoss) {
			t.Errorf("batch size %d: two runs with the same seed differ", bs)
		}
		first, last := h1.TrainLoss[0], h1.TrainLoss[len(h1.TrainLoss)-1]
		if !(last < first/10) {
			t.Errorf("batch size %d: loss went from %v to %v", bs, first, last)
		}
	}
}

func TestTrainEarlyStoppingKeepsBest(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	x, y := toyData(rng, 12)
	vx, vy := toyData(rng, 40)
	m, _ := New(NewSpec([]int{3, 64, 2}, ReLU, Identity), rand.New(rand.NewPCG(3, 3)))
	h, err := Train(m, x, y, TrainConfig{Epochs: 3000, Adam: adamCfg(3e-2), ValX: vx, ValY: vy, Patience: 50})
	if err != nil {
		t.Fatal(err)
	}
	if !h.Stopped || len(h.ValLoss) >= 3000 {
		t.Fatalf("expected early stop on a 12-row training set, ran %d epochs", len(h.ValLoss))
	}
	if len(h.ValLoss)-1-h.BestEpoch != 50 {
		t.Errorf("stopped %d epochs after the best, want 50", len(h.ValLoss)-1-h.BestEpoch)
	}
	if h.BestValLoss != slices.Min(h.ValLoss) {
		t.Errorf("best validation loss %v, min of history %v", h.BestValLoss, slices.Min(h.ValLoss))
	}
	if got := batchLoss(m, vx, vy, MSE{}); got != h.BestValLoss {
		t.Errorf("model left with validation loss %v, best was %v", got, h.BestValLoss)
	}
}

func TestTrainFreezeLayers(t *testing.T) {
	x, y := toyData(rand.New(rand.NewPCG(4, 4)), 20)
	m, _ := New(NewSpec([]int{3, 8, 8, 2}, ReLU, Identity), rand.New(rand.NewPCG(5, 5)))
	before := slices.Clone(m.Params())
	// Weight decay would move frozen parameters if they were stepped.
	cfg := adamCfg(1e-2)
	cfg.WeightDecay = 0.1
	if _, err := Train(m, x, y, TrainConfig{Epochs: 20, Adam: cfg, Freeze: []int{0, 2}}); err != nil {
		t.Fatal(err)
	}
	for li, l := range m.Layers() {
		moved := !slices.Equal(m.Params()[l.Offset:l.Offset+l.NumParams()], before[l.Offset:l.Offset+l.NumParams()])
		if moved != (li == 1) {
			t.Errorf("layer %d moved=%v", li, moved)
		}
	}
	if _, err := Train(m, x, y, TrainConfig{Epochs: 1, Adam: cfg, Freeze: []int{3}}); err == nil {
		t.Error("freezing layer 3 of a 3-layer model succeeded")
	}
}

func TestTrainRejectsBadInput(t *testing.T) {
	m, _ := New(NewSpec([]int{3, 4, 2}, ReLU, Identity), rand.New(rand.NewPCG(1, 0)))
	x, y := toyData(rand.New(rand.NewPCG(6, 6)), 5)
	cfg := TrainConfig{Epochs: 1, Adam: adamCfg(1e-3)}
	if _, err := Train(m, x[:7], y, cfg); err == nil {
		t.Error("ragged input accepted")
	}
	if _, err := Train(m, x, y[:8], cfg); err == nil {
		t.Error("short targets accepted")
	}
	x[4] = math.NaN()
	if _, err := Train(m, x, y, cfg); err == nil {
		t.Error("NaN input accepted")
	}
	x[4] = 0
	cfg.Adam.Beta1 = 1
	if _, err := Train(m, x, y, cfg); err == nil {
		t.Error("beta1 = 1 accepted")
	}
}

// TestAdamPersistentState checks that the persistent optimiser is not the
// sign step of an optimiser re-created every step (the original's bug): on a
// quadratic the steps shrink as the gradient does.
func TestAdamPersistentState(t *testing.T) {
	a, err := NewAdam(1, AdamConfig{LR: 0.1, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8})
	if err != nil {
		t.Fatal(err)
	}
	x := []float64{3}
	g := []float64{0}
	for range 2000 {
		g[0] = 2 * x[0]
		a.Step(x, g)
	}
	if math.Abs(x[0]) > 1e-3 {
		t.Errorf("Adam left x = %v on x², want ≈ 0", x[0])
	}
	if a.Steps() != 2000 {
		t.Errorf("Steps() = %d", a.Steps())
	}
	a.Reset()
	if a.Steps() != 0 {
		t.Errorf("Steps() after Reset = %d", a.Steps())
	}
	// The first step of Adam is lr·sign(g) (up to eps).
	x[0] = 1
	a.Step(x, []float64{1e-3})
	if math.Abs(x[0]-(1-0.1)) > 1e-5 {
		t.Errorf("first step moved to %v, want 0.9", x[0])
	}
}

func TestInputOptimizerBoundsAndBest(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	m, _ := New(NewSpec([]int{4, 12, 3}, Tanh, Identity), rng)
	x0 := randSlice(rng, 4, 1)
	xt := randSlice(rng, 4, 1)
	target, _ := m.Predict(xt)
	lo, hi := make([]float64, 4), make([]float64, 4)
	for i := range lo {
		lo[i], hi[i] = x0[i]-0.05, x0[i]+0.05
	}
	o := InputOptimizer{Model: m, Adam: adamCfg(1e-2), Lo: lo, Hi: hi}
	res, err := o.Run(x0, target, 500)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range res.X {
		if v < lo[i] || v > hi[i] {
			t.Errorf("x[%d] = %v outside [%v, %v]", i, v, lo[i], hi[i])
		}
	}
	if res.Loss != slices.Min(res.Losses) || res.Losses[res.Best] != res.Loss {
		t.Errorf("best loss %v at %d, min of losses %v", res.Loss, res.Best, slices.Min(res.Losses))
	}
	pred, _ := m.Predict(res.X)
	if l := (MSE{}).Eval(pred, target, nil); l != res.Loss {
		t.Errorf("returned iterate has loss %v, reported %v", l, res.Loss)
	}
	if !(res.Loss < res.Losses[0]) {
		t.Errorf("no progress: %v → %v", res.Losses[0], res.Loss)
	}
	// Unbounded, it reaches the target's preimage closely.
	o.Lo, o.Hi = nil, nil
	res, err = o.Run(x0, target, 3000)
	if err != nil {
		t.Fatal(err)
	}
	if res.Loss > 1e-4*res.Losses[0] {
		t.Errorf("unbounded loss %v after 3000 steps", res.Loss)
	}
	if _, err := o.Run(x0[:3], target, 1); err == nil {
		t.Error("short start accepted")
	}
}

// TestTrainPartsIndependentOfWorkers checks that a large batch split over
// goroutines gives bit-identical results for any number of workers, and the
// same gradient as one pass over the whole batch (to rounding).
func TestTrainPartsIndependentOfWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 10))
	x := randSlice(rng, 600*5, 1)
	y := randSlice(rng, 600*3, 1)
	w := WeightedMSE{Weights: []float64{1, 2, 0.5}}
	var ref []float64
	for _, workers := range []int{1, 2, 3} {
		m, _ := New(NewSpec([]int{5, 16, 3}, ReLU, Identity), rand.New(rand.NewPCG(1, 2)))
		tr, err := NewTrainer(m, x, y, TrainConfig{Epochs: 5, Adam: adamCfg(1e-2), Loss: w, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		if len(tr.parts) != 8 {
			t.Fatalf("600 rows in %d parts, want 8", len(tr.parts))
		}
		if workers == 1 {
			// The parted gradient against one pass over all rows.
			b := m.NewBatch(600)
			pred := b.Forward(x)
			dOut := make([]float64, len(pred))
			l := w.Eval(pred, y, dOut)
			g := make([]float64, m.NumParams())
			b.Backward(x, dOut, g, nil)
			lp := tr.gradParts(x, y, 600)
			if !closeRel(l, lp, 1e-13) {
				t.Errorf("parted loss %v, whole-batch %v", lp, l)
			}
			assertClose(t, "parted gradient", tr.grad, g, 1e-11)
		}
		tr.Run()
		if ref == nil {
			ref = slices.Clone(m.Params())
		} else if !slices.Equal(ref, m.Params()) {
			t.Errorf("%d workers give different parameters than 1", workers)
		}
	}
}

func TestInitMatchesPyTorchDistribution(t *testing.T) {
	m, err := New(NewSpec([]int{100, 400, 3}, ReLU, ReLU), rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	l := m.Layers()[0]
	bound := 0.1 // 1/√100
	sum, sq := 0.0, 0.0
	for _, v := range l.W {
		if math.Abs(v) > bound {
			t.Fatalf("weight %v outside ±%v", v, bound)
		}
		sum += v
		sq += v * v
	}
	n := float64(len(l.W))
	if mean := sum / n; math.Abs(mean) > 4*bound/math.Sqrt(3*n) {
		t.Errorf("weight mean %v", mean)
	}
	if v := sq / n; math.Abs(v-bound*bound/3) > 0.02*bound*bound/3 {
		t.Errorf("weight variance %v, want %v (uniform ±1/√fan_in)", v, bound*bound/3)
	}
	for _, v := range l.B {
		if math.Abs(v) > bound {
			t.Fatalf("bias %v outside ±%v", v, bound)
		}
	}
	if _, err := New(NewSpec([]int{3, 2}, ReLU, ReLU), nil); err == nil {
		t.Error("New without a random source succeeded")
	}
}

// TestFineTuneFromCheckpoint trains a model, saves it, and fine-tunes the
// loaded copy with its first layer frozen, recording the lineage.
func TestFineTuneFromCheckpoint(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 12))
	x, y := toyData(rng, 40)
	m, _ := New(NewSpec([]int{3, 10, 2}, ReLU, Identity), rng)
	cfg := TrainConfig{Epochs: 50, Adam: adamCfg(1e-2), Seed: 3}
	h, err := Train(m, x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	path := t.TempDir() + "/base.json"
	if err := (&Checkpoint{Model: m, Meta: NewMeta("base", cfg, 40, h)}).Save(path, false); err != nil {
		t.Fatal(err)
	}
	c, err := LoadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Meta.Epochs != 50 || c.Meta.Loss != "mse" || c.Meta.TrainLoss != h.TrainLoss[49] {
		t.Errorf("metadata %+v", c.Meta)
	}
	x2, y2 := toyData(rng, 10)
	ft := TrainConfig{Epochs: 30, Adam: adamCfg(1e-3), Freeze: []int{0}, Loss: WeightedMSE{Weights: []float64{1, 2}}}
	h2, err := Train(c.Model, x2, y2, ft)
	if err != nil {
		t.Fatal(err)
	}
	l0 := m.Layers()[0]
	if !slices.Equal(c.Model.Params()[:l0.NumParams()], m.Params()[:l0.NumParams()]) {
		t.Error("frozen first layer changed while fine-tuning")
	}
	meta := NewMeta("cycle", ft, 10, h2)
	meta.Parent = path
	if meta.Loss != "weighted_mse" || !slices.Equal(meta.Frozen, []int{0}) {
		t.Errorf("fine-tune metadata %+v", meta)
	}
}
