package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/arcoat/zeiss/zeiss/furnace"
	"github.com/arcoat/zeiss/zeiss/nn"
)

// ManifestFile is the name of the manifest in a model directory.
const ManifestFile = "manifest.json"

// ManifestModel describes one saved network.
type ManifestModel struct {
	// Name is e.g. "model2_base", "model2_cycle3", "model1_global".
	Name string `json:"name"`
	// File is the checkpoint's file name in the directory, SHA256 its hash.
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
	// Kind is "model1" or "model2"; Cycle the cycle (−1: all cycles).
	Kind  string `json:"kind"`
	Cycle int    `json:"cycle"`
	// Parent names the model this one was fine-tuned from.
	Parent string `json:"parent,omitempty"`
	// Rows is the number of training furnaces; TrainLoss the last
	// training loss and ValLoss the best validation loss (normalised
	// units; null without validation); BestEpoch its epoch (−1: none).
	Rows      int      `json:"rows"`
	TrainLoss float64  `json:"train_loss"`
	ValLoss   *float64 `json:"val_loss"`
	BestEpoch int      `json:"best_epoch"`
}

// Selection is the machine state chosen for the next furnace: the cycles
// whose models best explain the latest measured furnaces.
type Selection struct {
	// Model2Cycle and Model1Cycle are the chosen cycles (−1: base/global).
	Model2Cycle int `json:"model2_cycle"`
	Model1Cycle int `json:"model1_cycle"`
	// Model2Loss and Model1Loss are the selection losses (MSE of the curve
	// in %R², of the normalised std); null when nothing could be scored.
	Model2Loss *float64 `json:"model2_loss"`
	Model1Loss *float64 `json:"model1_loss"`
	// Furnaces are the measured furnaces the selection looked at.
	Furnaces []string `json:"furnaces"`
	// Model2File and Model1File are the selected checkpoints.
	Model2File string `json:"model2_file"`
	Model1File string `json:"model1_file"`
}

// Manifest lists the models of a directory written by Save.
type Manifest struct {
	// Format is ManifestFormat.
	Format string `json:"format"`
	// Data and DataSHA256 identify the training table, CodeVersion the
	// code (see CodeVersion).
	Data        string `json:"data,omitempty"`
	DataSHA256  string `json:"data_sha256,omitempty"`
	CodeVersion string `json:"code_version"`
	// Config is the recipe.
	Config Config `json:"config"`
	// SetStats, StdStats and CurveStats are the global normalisation (see
	// Models).
	SetStats   furnace.Stats `json:"setpoint_stats"`
	StdStats   furnace.Stats `json:"std_stats"`
	CurveStats furnace.Stats `json:"curve_stats"`
	// Models lists the saved networks, Selected the state for the next
	// furnace.
	Models   []ManifestModel `json:"models"`
	Selected Selection       `json:"selected"`
}

// ManifestFormat identifies manifests.
const ManifestFormat = "zeiss-cycle-models/1"

// Select chooses the state for the furnace after fs (time-ordered): the
// cycles whose model2 and model1 best explain the latest Config.Recent
// measured furnaces, taken from the cycle of the last furnace of fs when it
// is known and has such furnaces (no cleaning since), as CycleSelected does.
func (m *Models) Select(fs []furnace.Furnace) Selection {
	cur := -1
	if len(fs) > 0 {
		cur = fs[len(fs)-1].Cycle
	}
	k := m.Config.Recent
	r2 := latestMeasured(fs, cur, k, func(f *furnace.Furnace) bool { return f.HasStd() && f.HasCurve() })
	r1 := latestMeasured(fs, cur, k, func(f *furnace.Furnace) bool { return f.HasStd() && f.HasSetPoints() })
	c2, l2 := m.Select2(r2)
	c1, l1 := m.Select1(r1)
	s := Selection{Model2Cycle: c2, Model1Cycle: c1, Model2Loss: fin(l2), Model1Loss: fin(l1), Furnaces: []string{}}
	seen := map[string]bool{}
	for _, f := range append(r2, r1...) {
		if !seen[f.No] {
			seen[f.No] = true
			s.Furnaces = append(s.Furnaces, f.No)
		}
	}
	return s
}

// Save writes the models to dir (created when missing) as nn checkpoints,
// one file per network, plus the manifest (written last). fs are the
// training furnaces, used for the selection of the state. Files are written
// atomically; existing files are replaced only when overwrite is set.
func (m *Models) Save(dir string, fs []furnace.Furnace, man Manifest, overwrite bool) (*Manifest, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("model: save: %w", err)
	}
	if !overwrite {
		if _, err := os.Stat(filepath.Join(dir, ManifestFile)); err == nil {
			return nil, fmt.Errorf("model: save: %s already holds models (%s); refusing to overwrite", dir, ManifestFile)
		}
	}
	man.Format, man.Config = ManifestFormat, m.Config
	man.SetStats, man.StdStats, man.CurveStats = m.SetStats, m.StdStats, m.CurveStats
	man.Models = nil
	write := func(name, kind, parent string, cycle int, n *Net, cfg NetConfig) error {
		notes := map[string]string{"kind": kind, "cycle": strconv.Itoa(cycle)}
		ck := n.Checkpoint(name, parent, cfg, notes)
		var buf bytes.Buffer
		if err := ck.Encode(&buf); err != nil {
			return err
		}
		file := name + ".json"
		if err := furnace.WriteFileAtomic(filepath.Join(dir, file), overwrite, func(w io.Writer) error {
			_, err := w.Write(buf.Bytes())
			return err
		}); err != nil {
			return fmt.Errorf("model: save: %w", err)
		}
		sum := sha256.Sum256(buf.Bytes())
		mm := ManifestModel{Name: name, File: file, SHA256: hex.EncodeToString(sum[:]), Kind: kind, Cycle: cycle,
			Parent: parent, Rows: n.Rows, TrainLoss: ck.Meta.TrainLoss, BestEpoch: ck.Meta.BestEpoch}
		if ck.Meta.BestEpoch >= 0 {
			mm.ValLoss = fin(ck.Meta.ValLoss)
		}
		man.Models = append(man.Models, mm)
		return nil
	}
	if err := write("model2_base", "model2", "", -1, m.Base2, m.Config.Model2); err != nil {
		return nil, err
	}
	for _, c := range m.Cycles() {
		if err := write(fmt.Sprintf("model2_cycle%d", c), "model2", "model2_base", c, m.Model2[c], m.Config.FineTune); err != nil {
			return nil, err
		}
	}
	if err := write("model1_global", "model1", "", -1, m.Global1, m.Config.Model1); err != nil {
		return nil, err
	}
	cfg1, parent1 := m.Config.Model1, ""
	if m.Config.Model1FineTune {
		cfg1, parent1 = m.Config.FineTune1, "model1_global"
	}
	for _, c := range slices.Sorted(maps.Keys(m.Model1)) {
		if err := write(fmt.Sprintf("model1_cycle%d", c), "model1", parent1, c, m.Model1[c], cfg1); err != nil {
			return nil, err
		}
	}
	sel := m.Select(fs)
	sel.Model2File, sel.Model1File = "model2_base.json", "model1_global.json"
	if sel.Model2Cycle >= 0 {
		sel.Model2File = fmt.Sprintf("model2_cycle%d.json", sel.Model2Cycle)
	}
	if sel.Model1Cycle >= 0 {
		sel.Model1File = fmt.Sprintf("model1_cycle%d.json", sel.Model1Cycle)
	}
	man.Selected = sel
	b, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("model: save manifest: %w", err)
	}
	if err := furnace.WriteFileAtomic(filepath.Join(dir, ManifestFile), overwrite, func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	}); err != nil {
		return nil, fmt.Errorf("model: save: %w", err)
	}
	return &man, nil
}

// LoadCheckpoint reads one saved network of a model directory.
func LoadCheckpoint(dir, file string) (*nn.Checkpoint, error) {
	return nn.LoadCheckpoint(filepath.Join(dir, file))
}
