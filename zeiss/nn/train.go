package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync/atomic"
)

// TrainConfig configures Train.
type TrainConfig struct {
	// Epochs is the number of passes over the training set.
	Epochs int `json:"epochs"`
	// BatchSize is the minibatch size; 0 (or at least the number of rows)
	// trains full-batch, one step per epoch.
	BatchSize int `json:"batch_size,omitempty"`
	// Adam configures the optimiser (one persistent state for the run).
	Adam AdamConfig `json:"adam"`
	// Loss defaults to MSE. It must be a mean over rows, as MSE and
	// WeightedMSE are: batches of 128 rows or more are evaluated in parts
	// whose losses and gradients are combined by their shares of the rows.
	Loss Loss `json:"-"`
	// Seed drives the shuffling of minibatches (unused full-batch).
	Seed uint64 `json:"seed"`
	// ValX and ValY are an optional validation set (rows×In, rows×Out). With
	// one, the model ends at the parameters of least validation loss.
	ValX []float64 `json:"-"`
	ValY []float64 `json:"-"`
	// Patience stops training after this many epochs without a lower
	// validation loss; 0 never stops early.
	Patience int `json:"patience,omitempty"`
	// Freeze lists layers (0-based) whose parameters are not trained.
	Freeze []int `json:"freeze,omitempty"`
	// Workers is the number of goroutines sharing the rows of a large
	// batch (0 means 1). Batches are split into the same parts whatever the
	// number of workers, so results do not depend on it.
	Workers int `json:"-"`
}

// History records a training run.
type History struct {
	// TrainLoss[e] is the training loss during epoch e (before its steps'
	// updates; the mean over minibatches, weighted by rows).
	TrainLoss []float64 `json:"train_loss"`
	// ValLoss[e] is the validation loss after epoch e (empty without a
	// validation set).
	ValLoss []float64 `json:"val_loss,omitempty"`
	// BestEpoch is the epoch of least validation loss (−1 without one) and
	// BestValLoss that loss.
	BestEpoch   int     `json:"best_epoch"`
	BestValLoss float64 `json:"best_val_loss"`
	// Stopped reports that patience ran out before Epochs.
	Stopped bool `json:"stopped"`
}

// Trainer trains an MLP step by step with a persistent optimiser state.
// Train wraps it; use it directly to interleave training with other work.
type Trainer struct {
	m      *MLP
	cfg    TrainConfig
	loss   Loss
	x, y   []float64
	n      int
	batch  *Batch
	grad   []float64
	dOut   []float64
	segs   [][2]int // trainable parameter ranges
	adams  []*Adam
	rng    *rand.Rand
	perm   []int
	bx, by []float64 // gathered minibatch
	valB   *Batch
	// History is the record of the epochs run so far.
	History History
	best    []float64
	parts   []*part
	job     partJob   // the current step's parts, read by the helpers
	helpers []*helper // goroutines sharing large batches (Workers−1)
}

// part is the workspace of one contiguous share of a batch's rows.
type part struct {
	batch        *Batch
	grad, dOut   []float64
	loss, weight float64 // the part's loss and share of the rows
}

// rowsPerPart is the smallest share of rows worth a part of its own, and
// maxParts caps the number of parts of a batch.
const (
	rowsPerPart = 64
	maxParts    = 8
)

// numParts returns the number of parts a batch of the given rows is split
// into; it depends on the rows only, so results do not depend on Workers.
func numParts(rows int) int {
	return min(max(rows/rowsPerPart, 1), maxParts)
}

// NewTrainer prepares training of m on x (n×In) and y (n×Out).
func NewTrainer(m *MLP, x, y []float64, cfg TrainConfig) (*Trainer, error) {
	in, out := m.In(), m.Out()
	if len(x) == 0 || len(x)%in != 0 {
		return nil, fmt.Errorf("nn: train: input length %d is not a positive multiple of %d", len(x), in)
	}
	n := len(x) / in
	if len(y) != n*out {
		return nil, fmt.Errorf("nn: train: %d input rows but target length %d (want %d×%d)", n, len(y), n, out)
	}
	if cfg.Epochs < 0 || cfg.BatchSize < 0 || cfg.Patience < 0 {
		return nil, fmt.Errorf("nn: train: negative epochs %d, batch size %d or patience %d", cfg.Epochs, cfg.BatchSize, cfg.Patience)
	}
	if err := checkFinite("training inputs", x); err != nil {
		return nil, err
	}
	if err := checkFinite("training targets", y); err != nil {
		return nil, err
	}
	if (cfg.ValX == nil) != (cfg.ValY == nil) {
		return nil, fmt.Errorf("nn: train: validation needs both inputs and targets")
	}
	t := &Trainer{m: m, cfg: cfg, loss: cfg.Loss, x: x, y: y, n: n}
	if t.loss == nil {
		t.loss = MSE{}
	}
	if cfg.ValX != nil {
		if len(cfg.ValX) == 0 || len(cfg.ValX)%in != 0 || len(cfg.ValY) != len(cfg.ValX)/in*out {
			return nil, fmt.Errorf("nn: train: validation inputs (%d values) and targets (%d values) do not match %d→%d", len(cfg.ValX), len(cfg.ValY), in, out)
		}
		if err := checkFinite("validation inputs", cfg.ValX); err != nil {
			return nil, err
		}
		if err := checkFinite("validation targets", cfg.ValY); err != nil {
			return nil, err
		}
		t.valB = m.NewBatch(len(cfg.ValX) / in)
		t.best = slices.Clone(m.params)
	}
	frozen := make([]bool, len(m.layers))
	for _, l := range cfg.Freeze {
		if l < 0 || l >= len(m.layers) {
			return nil, fmt.Errorf("nn: train: cannot freeze layer %d of a %d-layer model", l, len(m.layers))
		}
		frozen[l] = true
	}
	for li, l := range m.layers {
		if frozen[li] {
			continue
		}
		lo, hi := l.Offset, l.Offset+l.NumParams()
		if k := len(t.segs); k > 0 && t.segs[k-1][1] == lo {
			t.segs[k-1][1] = hi
		} else {
			t.segs = append(t.segs, [2]int{lo, hi})
		}
	}
	for _, s := range t.segs {
		a, err := NewAdam(s[1]-s[0], cfg.Adam)
		if err != nil {
			return nil, err
		}
		t.adams = append(t.adams, a)
	}
	bs := cfg.BatchSize
	if bs == 0 || bs > n {
		bs = n
	}
	t.cfg.BatchSize = bs
	t.batch = m.NewBatch(bs)
	t.grad = make([]float64, len(m.params))
	t.dOut = make([]float64, bs*out)
	if p := numParts(bs); p > 1 {
		t.parts = make([]*part, p)
		for i := range t.parts {
			t.parts[i] = &part{grad: make([]float64, len(m.params))}
		}
	}
	if bs < n {
		t.rng = rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15))
		t.perm = make([]int, n)
		for i := range t.perm {
			t.perm[i] = i
		}
		t.bx = make([]float64, bs*in)
		t.by = make([]float64, bs*out)
	}
	t.History.BestEpoch = -1
	t.History.BestValLoss = math.Inf(1)
	return t, nil
}

// step does one optimiser step on the rows x, y and returns their loss.
func (t *Trainer) step(x, y []float64) float64 {
	var l float64
	if rows := len(x) / t.m.In(); numParts(rows) > 1 && t.parts != nil {
		l = t.gradParts(x, y, rows)
	} else {
		pred := t.batch.Forward(x)
		dOut := t.dOut[:len(pred)]
		l = t.loss.Eval(pred, y, dOut)
		t.batch.Backward(x, dOut, t.grad, nil)
	}
	for i, s := range t.segs {
		t.adams[i].Step(t.m.params[s[0]:s[1]], t.grad[s[0]:s[1]])
	}
	return l
}

// gradParts computes the loss and gradient of a large batch as the
// row-weighted sum over its parts, on up to Workers goroutines. The loss must
// be a mean over rows (as MSE and WeightedMSE are).
func (t *Trainer) gradParts(x, y []float64, rows int) float64 {
	np := numParts(rows)
	// Parts of a multiple of 4 rows suit the 4-row kernels.
	chunk := ((rows+np-1)/np + 3) &^ 3
	t.batch.transposeWeights() // shared by the parts
	workers := min(max(t.cfg.Workers, 1), np, runtime.GOMAXPROCS(0))
	j := &t.job
	j.x, j.y, j.rows, j.chunk, j.np = x, y, rows, chunk, np
	j.next.Store(0)
	for len(t.helpers) < workers-1 {
		h := &helper{share: t.runShare}
		t.helpers = append(t.helpers, h)
	}
	for _, h := range t.helpers[:workers-1] {
		h.start()
	}
	t.runShare()
	for _, h := range t.helpers[:workers-1] {
		h.wait()
	}
	// The gradient is linear in the output gradient, so weighting the
	// parts' gradients is weighting their losses. (float64 conversions:
	// no fused multiply-adds, see the package documentation.)
	p0 := t.parts[0]
	l := p0.weight * p0.loss
	for i, g := range p0.grad {
		t.grad[i] = p0.weight * g
	}
	for _, pt := range t.parts[1:np] {
		l += float64(pt.weight * pt.loss)
		for i, g := range pt.grad {
			t.grad[i] += float64(pt.weight * g)
		}
	}
	return l
}

// partJob describes the parts of the current step for the helpers.
type partJob struct {
	x, y            []float64
	rows, chunk, np int
	next            atomic.Int32 // the next part to claim
}

// runShare computes parts of the current step until none is left. Parts are
// claimed one at a time, so a worker the operating system holds back delays
// the step by at most one part; which worker computes a part does not change
// the result.
func (t *Trainer) runShare() {
	j := &t.job
	for {
		p := int(j.next.Add(1)) - 1
		if p >= j.np {
			return
		}
		t.partGrad(p, j.chunk, j.x, j.y, j.rows)
	}
}

// partGrad computes part p (rows p·chunk up to (p+1)·chunk) of gradParts:
// the part's loss and gradient, and its share of the rows.
func (t *Trainer) partGrad(p, chunk int, x, y []float64, rows int) {
	in, out := t.m.In(), t.m.Out()
	r0, r1 := p*chunk, min((p+1)*chunk, rows)
	pt := t.parts[p]
	if pt.batch == nil || pt.batch.Cap() < r1-r0 {
		pt.batch = t.m.NewBatch(chunk)
		pt.batch.shareWeights(t.batch)
		pt.dOut = make([]float64, chunk*out)
	}
	xs, ys := x[r0*in:r1*in], y[r0*out:r1*out]
	pred := pt.batch.Forward(xs)
	dOut := pt.dOut[:len(pred)]
	pt.weight = float64(r1-r0) / float64(rows)
	pt.loss = t.loss.Eval(pred, ys, dOut)
	pt.batch.Backward(xs, dOut, pt.grad, nil)
}

// Epoch runs one epoch and returns its training loss.
func (t *Trainer) Epoch() float64 {
	if t.perm == nil {
		return t.step(t.x, t.y)
	}
	in, out, bs := t.m.In(), t.m.Out(), t.cfg.BatchSize
	t.rng.Shuffle(len(t.perm), func(i, j int) { t.perm[i], t.perm[j] = t.perm[j], t.perm[i] })
	sum := 0.0
	for s := 0; s < t.n; s += bs {
		e := min(s+bs, t.n)
		for r, p := range t.perm[s:e] {
			copy(t.bx[r*in:(r+1)*in], t.x[p*in:(p+1)*in])
			copy(t.by[r*out:(r+1)*out], t.y[p*out:(p+1)*out])
		}
		k := e - s
		sum += float64(float64(k) * t.step(t.bx[:k*in], t.by[:k*out]))
	}
	return sum / float64(t.n)
}

// Validate returns the loss on the validation set (NaN without one).
func (t *Trainer) Validate() float64 {
	if t.valB == nil {
		return math.NaN()
	}
	pred := t.valB.Forward(t.cfg.ValX)
	return t.loss.Eval(pred, t.cfg.ValY, nil)
}

// Run trains for the configured epochs (or until patience runs out) and, with
// a validation set, leaves the model at its best validation parameters.
func (t *Trainer) Run() *History {
	h := &t.History
	h.TrainLoss = slices.Grow(h.TrainLoss, t.cfg.Epochs)
	for e := 0; e < t.cfg.Epochs; e++ {
		h.TrainLoss = append(h.TrainLoss, t.Epoch())
		if t.valB == nil {
			continue
		}
		v := t.Validate()
		h.ValLoss = append(h.ValLoss, v)
		if v < h.BestValLoss {
			h.BestValLoss, h.BestEpoch = v, len(h.ValLoss)-1
			copy(t.best, t.m.params)
		} else if t.cfg.Patience > 0 && len(h.ValLoss)-1-h.BestEpoch >= t.cfg.Patience {
			h.Stopped = true
			break
		}
	}
	if t.valB != nil && h.BestEpoch >= 0 {
		copy(t.m.params, t.best)
	}
	return h
}

// Train trains m in place on x (n×In, row-major) and y (n×Out) with Adam and
// returns the loss history. The run is deterministic for a given
// configuration (including Seed).
func Train(m *MLP, x, y []float64, cfg TrainConfig) (*History, error) {
	t, err := NewTrainer(m, x, y, cfg)
	if err != nil {
		return nil, err
	}
	return t.Run(), nil
}

func checkFinite(what string, v []float64) error {
	for i, f := range v {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("nn: train: %s hold %v at index %d", what, f, i)
		}
	}
	return nil
}
