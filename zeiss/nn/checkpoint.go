package nn

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
)

// CheckpointFormat and CheckpointVersion identify checkpoint files.
const (
	CheckpointFormat  = "zeiss-nn-mlp"
	CheckpointVersion = 1
)

// Meta is the training metadata stored with a model.
type Meta struct {
	// Name identifies the model, e.g. "model2" or "model1_cycle3".
	Name string `json:"name,omitempty"`
	// Parent names the checkpoint this one was fine-tuned from.
	Parent string `json:"parent,omitempty"`
	// Seed is the training seed and Epochs the epochs run.
	Seed   uint64 `json:"seed"`
	Epochs int    `json:"epochs"`
	// Rows is the number of training rows.
	Rows int `json:"rows"`
	// Adam holds the optimiser settings and Loss the loss's name.
	Adam *AdamConfig `json:"adam,omitempty"`
	Loss string      `json:"loss,omitempty"`
	// TrainLoss is the training loss of the last epoch.
	TrainLoss float64 `json:"train_loss"`
	// ValLoss and BestEpoch describe early stopping (BestEpoch −1: none).
	ValLoss   float64 `json:"val_loss"`
	BestEpoch int     `json:"best_epoch"`
	// Frozen lists layers kept fixed while fine-tuning.
	Frozen []int `json:"frozen,omitempty"`
	// Notes holds any further key/value facts (data source, cycle, …).
	Notes map[string]string `json:"notes,omitempty"`
}

// Checkpoint is everything needed to use a trained model: the network, the
// normalisation of its inputs and outputs, and how it was trained.
type Checkpoint struct {
	// Model is the network.
	Model *MLP
	// InputScaler and OutputScaler may be nil (no normalisation).
	InputScaler  *Scaler
	OutputScaler *Scaler
	// Meta records how the model was trained.
	Meta Meta
}

// checkpointFile is the JSON layout of a checkpoint file.
type checkpointFile struct {
	Format       string        `json:"format"`
	Version      int           `json:"version"`
	Architecture Spec          `json:"architecture"`
	Layers       []layerParams `json:"layers"`
	InputScaler  *Scaler       `json:"input_scaler,omitempty"`
	OutputScaler *Scaler       `json:"output_scaler,omitempty"`
	Meta         Meta          `json:"training"`
}

type layerParams struct {
	Weight [][]float64 `json:"weight"` // Out rows of In values
	Bias   []float64   `json:"bias"`
}

// check verifies that the checkpoint is complete and consistent.
func (c *Checkpoint) check() error {
	if c.Model == nil {
		return errors.New("checkpoint has no model")
	}
	for i, v := range c.Model.params {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("parameter %d is %v", i, v)
		}
	}
	if s := c.InputScaler; s != nil {
		if err := s.Validate(); err != nil {
			return fmt.Errorf("input scaler: %w", err)
		}
		if s.Len() != c.Model.In() {
			return fmt.Errorf("input scaler has %d columns, model takes %d inputs", s.Len(), c.Model.In())
		}
	}
	if s := c.OutputScaler; s != nil {
		if err := s.Validate(); err != nil {
			return fmt.Errorf("output scaler: %w", err)
		}
		if s.Len() != c.Model.Out() {
			return fmt.Errorf("output scaler has %d columns, model gives %d outputs", s.Len(), c.Model.Out())
		}
	}
	for _, f := range []float64{c.Meta.TrainLoss, c.Meta.ValLoss} {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("training metadata holds a loss of %v (JSON has no NaN; store 0 for none)", f)
		}
	}
	return nil
}

// Encode writes the checkpoint as indented JSON. The output is deterministic,
// and float64 values are written in their shortest exact form, so a decoded
// checkpoint has bit-identical parameters.
func (c *Checkpoint) Encode(w io.Writer) error {
	if err := c.check(); err != nil {
		return fmt.Errorf("nn: encoding checkpoint: %w", err)
	}
	f := checkpointFile{
		Format: CheckpointFormat, Version: CheckpointVersion,
		Architecture: c.Model.Spec(),
		InputScaler:  c.InputScaler, OutputScaler: c.OutputScaler, Meta: c.Meta,
	}
	for _, l := range c.Model.layers {
		lp := layerParams{Bias: l.B, Weight: make([][]float64, l.Out)}
		for o := range lp.Weight {
			lp.Weight[o] = l.W[o*l.In : (o+1)*l.In]
		}
		f.Layers = append(f.Layers, lp)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	if err := enc.Encode(&f); err != nil {
		return fmt.Errorf("nn: encoding checkpoint: %w", err)
	}
	return nil
}

// Save writes the checkpoint to path atomically. It refuses to replace an
// existing file unless overwrite is set.
func (c *Checkpoint) Save(path string, overwrite bool) error {
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return writeFileAtomic(path, buf.Bytes(), overwrite)
}

// DecodeCheckpoint reads a checkpoint written by Encode. A file of another
// format or version, or whose weights do not match its architecture, is an
// error saying so.
func DecodeCheckpoint(r io.Reader) (*Checkpoint, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("nn: reading checkpoint: %w", err)
	}
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("nn: checkpoint is not JSON: %w", err)
	}
	if head.Format != CheckpointFormat {
		return nil, fmt.Errorf("nn: not a model checkpoint: format %q, want %q", head.Format, CheckpointFormat)
	}
	if head.Version != CheckpointVersion {
		return nil, fmt.Errorf("nn: checkpoint version %d is not supported (this build reads version %d)", head.Version, CheckpointVersion)
	}
	var f checkpointFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("nn: decoding checkpoint: %w", err)
	}
	m, err := NewZero(f.Architecture)
	if err != nil {
		return nil, fmt.Errorf("nn: checkpoint architecture: %w", err)
	}
	if len(f.Layers) != len(m.layers) {
		return nil, fmt.Errorf("nn: checkpoint architecture %v has %d layers but the file holds weights for %d", m.spec, len(m.layers), len(f.Layers))
	}
	for li, lp := range f.Layers {
		l := m.layers[li]
		if len(lp.Weight) != l.Out || len(lp.Bias) != l.Out {
			return nil, fmt.Errorf("nn: checkpoint layer %d: weight has %d rows and bias %d values, want %d (architecture %v)", li, len(lp.Weight), len(lp.Bias), l.Out, m.spec)
		}
		for o, row := range lp.Weight {
			if len(row) != l.In {
				return nil, fmt.Errorf("nn: checkpoint layer %d: weight row %d has %d values, want %d (architecture %v)", li, o, len(row), l.In, m.spec)
			}
			copy(l.W[o*l.In:], row)
		}
		copy(l.B, lp.Bias)
	}
	c := &Checkpoint{Model: m, InputScaler: f.InputScaler, OutputScaler: f.OutputScaler, Meta: f.Meta}
	if err := c.check(); err != nil {
		return nil, fmt.Errorf("nn: checkpoint: %w", err)
	}
	return c, nil
}

// LoadCheckpoint reads the checkpoint file at path.
func LoadCheckpoint(path string) (*Checkpoint, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c, err := DecodeCheckpoint(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// LoadCheckpointSpec reads the checkpoint at path and checks that its model
// has the expected architecture.
func LoadCheckpointSpec(path string, want Spec) (*Checkpoint, error) {
	c, err := LoadCheckpoint(path)
	if err != nil {
		return nil, err
	}
	if got := c.Model.Spec(); !got.Equal(want) {
		return nil, fmt.Errorf("%s: model architecture is %v, want %v", path, got, want)
	}
	return c, nil
}

// NewMeta returns the training metadata of a run of Train on rows training
// rows with cfg, which produced h.
func NewMeta(name string, cfg TrainConfig, rows int, h *History) Meta {
	adam := cfg.Adam
	meta := Meta{Name: name, Seed: cfg.Seed, Rows: rows, Adam: &adam, Loss: "mse", BestEpoch: -1,
		Frozen: append([]int(nil), cfg.Freeze...)}
	if cfg.Loss != nil {
		meta.Loss = fmt.Sprint(cfg.Loss)
	}
	if h != nil {
		meta.Epochs = len(h.TrainLoss)
		if len(h.TrainLoss) > 0 {
			meta.TrainLoss = h.TrainLoss[len(h.TrainLoss)-1]
		}
		if h.BestEpoch >= 0 {
			meta.ValLoss, meta.BestEpoch = h.BestValLoss, h.BestEpoch
		}
	}
	return meta
}
