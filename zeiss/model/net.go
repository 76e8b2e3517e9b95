package model

import (
	"fmt"
	"math/rand/v2"

	"github.com/arcoat/zeiss/zeiss/furnace"
	"github.com/arcoat/zeiss/zeiss/nn"
)

// NetConfig is the architecture and training recipe of one network.
type NetConfig struct {
	// Hidden are the hidden layer widths.
	Hidden []int `json:"hidden"`
	// Act is the hidden activation, OutAct the output activation. The
	// outputs are standardised targets, so the default output is Identity
	// (the original's output ReLU could not produce a value below the mean).
	Act    nn.Activation `json:"act"`
	OutAct nn.Activation `json:"out_act"`
	// Epochs bounds the training passes; BatchSize 0 is full batch.
	Epochs    int `json:"epochs"`
	BatchSize int `json:"batch_size,omitempty"`
	// Adam is the optimiser.
	Adam nn.AdamConfig `json:"adam"`
	// ValFrac is the fraction of the (time-ordered) rows, taken from the
	// end, held out for early stopping; no validation when it leaves fewer
	// than MinVal rows. Patience stops after that many epochs without
	// improvement (0: never).
	ValFrac  float64 `json:"val_frac"`
	MinVal   int     `json:"min_val"`
	Patience int     `json:"patience"`
}

func amsgrad(lr, wd float64) nn.AdamConfig {
	return nn.AdamConfig{LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: wd, AMSGrad: true}
}

// DefaultModel2 is the base model2 recipe: 14→80→81 (ReLU, linear output),
// Adam/amsgrad lr 1e-3, weight decay 1e-3 (the original's 1e-5 overfits
// the few furnaces of a cycle), up to 600 full-batch epochs with early
// stopping on the newest 15 % of the rows.
func DefaultModel2() NetConfig {
	return NetConfig{Hidden: []int{80}, Act: nn.ReLU, OutAct: nn.Identity, Epochs: 600,
		Adam: amsgrad(1e-3, 1e-3), ValFrac: 0.15, MinVal: 5, Patience: 100}
}

// DefaultFineTune is the per-cycle fine-tuning recipe of model2: 200 epochs
// from the base at lr 5e-4, weight decay 1e-3, on the cycle's furnaces, no
// validation (a cycle has too few furnaces to spare).
func DefaultFineTune() NetConfig {
	return NetConfig{Hidden: []int{80}, Act: nn.ReLU, OutAct: nn.Identity, Epochs: 200,
		Adam: amsgrad(5e-4, 1e-3)}
}

// DefaultModel1 is the model1 recipe: 10→200→14 (ReLU, linear output),
// Adam/amsgrad lr 1e-3, weight decay 1e-3, up to 1000 full-batch epochs,
// early stopping on the newest 20 % when that leaves ≥ 4 rows.
func DefaultModel1() NetConfig {
	return NetConfig{Hidden: []int{200}, Act: nn.ReLU, OutAct: nn.Identity, Epochs: 1000,
		Adam: amsgrad(1e-3, 1e-3), ValFrac: 0.2, MinVal: 4, Patience: 100}
}

// DefaultFineTune1 is the per-cycle fine-tuning recipe of model1 (used with
// Config.Model1FineTune): 200 epochs from the global model1 at lr 5e-4,
// weight decay 1e-3.
func DefaultFineTune1() NetConfig {
	return NetConfig{Hidden: []int{200}, Act: nn.ReLU, OutAct: nn.Identity, Epochs: 200,
		Adam: amsgrad(5e-4, 1e-3)}
}

// Net is a trained network with the normalisation of its inputs and outputs.
type Net struct {
	// MLP is the network, on normalised inputs and outputs.
	MLP *nn.MLP
	// In and Out normalise the inputs and outputs.
	In, Out furnace.Stats
	// History is the loss history of its (last) training.
	History *nn.History
	// Rows is the number of training furnaces; Seed the seed of its
	// initialisation and shuffles.
	Rows int
	Seed uint64
}

// Predict maps one input vector (raw units) to the outputs (raw units).
func (n *Net) Predict(x []float64) []float64 {
	return n.Out.Denormalize(n.predictZ(n.In.Normalize(x)))
}

func (n *Net) predictZ(z []float64) []float64 {
	y, err := n.MLP.Predict(z)
	if err != nil {
		panic(err) // dimensions are fixed at training
	}
	return y
}

// flatten normalises rows with s into one row-major slice.
func flatten(rows [][]float64, s furnace.Stats) []float64 {
	out := make([]float64, 0, len(rows)*s.Dim())
	for _, r := range rows {
		out = append(out, s.Normalize(r)...)
	}
	return out
}

// trainNet trains a network from init (a copy is trained; nil means a fresh
// network of cfg's architecture drawn from seed) on x → y, both in raw
// units, normalised with inS and outS.
func trainNet(cfg NetConfig, init *nn.MLP, x, y [][]float64, inS, outS furnace.Stats, seed uint64) (*Net, error) {
	if len(x) == 0 || len(x) != len(y) {
		return nil, fmt.Errorf("model: train network: %d inputs and %d targets", len(x), len(y))
	}
	var m *nn.MLP
	if init != nil {
		m = init.Clone()
	} else {
		sizes := append([]int{inS.Dim()}, cfg.Hidden...)
		sizes = append(sizes, outS.Dim())
		var err error
		m, err = nn.New(nn.NewSpec(sizes, cfg.Act, cfg.OutAct), rand.New(rand.NewPCG(seed, 0x5eed)))
		if err != nil {
			return nil, fmt.Errorf("model: train network: %w", err)
		}
	}
	n := len(x)
	nv := int(cfg.ValFrac * float64(n))
	if nv < cfg.MinVal || nv < 1 || n-nv < 2 {
		nv = 0
	}
	tc := nn.TrainConfig{Epochs: cfg.Epochs, BatchSize: cfg.BatchSize, Adam: cfg.Adam, Seed: seed, Patience: cfg.Patience}
	if nv > 0 {
		tc.ValX = flatten(x[n-nv:], inS)
		tc.ValY = flatten(y[n-nv:], outS)
	} else {
		tc.Patience = 0
	}
	h, err := nn.Train(m, flatten(x[:n-nv], inS), flatten(y[:n-nv], outS), tc)
	if err != nil {
		return nil, fmt.Errorf("model: train network: %w", err)
	}
	return &Net{MLP: m, In: inS, Out: outS, History: h, Rows: n, Seed: seed}, nil
}

// Checkpoint returns the network as an nn checkpoint named name, fine-tuned
// from parent ("" for none), trained with cfg; notes are stored in its
// metadata.
func (n *Net) Checkpoint(name, parent string, cfg NetConfig, notes map[string]string) *nn.Checkpoint {
	meta := nn.NewMeta(name, nn.TrainConfig{Adam: cfg.Adam, Seed: n.Seed}, n.Rows, n.History)
	meta.Parent, meta.Notes = parent, notes
	return &nn.Checkpoint{Model: n.MLP,
		InputScaler:  &nn.Scaler{Mean: n.In.Mean, Std: n.In.Std},
		OutputScaler: &nn.Scaler{Mean: n.Out.Mean, Std: n.Out.Std}, Meta: meta}
}
