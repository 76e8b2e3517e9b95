package model

import (
	"path/filepath"
	"slices"
	"testing"
)

// TestSaveRoundTrip saves trained models and checks the manifest (parents,
// recipes), that every checkpoint loads back to the same predictions, and
// that a second save without overwrite is refused.
func TestSaveRoundTrip(t *testing.T) {
	fs := synthTable(8, 2, 12, day0)
	m, err := Train(fs, fastConfig())
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "models")
	man, err := m.Save(dir, fs, Manifest{CodeVersion: "test"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(man.Models) != 6 {
		t.Fatalf("%d models saved, want 6", len(man.Models))
	}
	x := adjustable(&fs[3])
	for _, mm := range man.Models {
		ck, err := LoadCheckpoint(dir, mm.File)
		if err != nil {
			t.Fatal(err)
		}
		var n *Net
		var want struct {
			parent string
			epochs int
		}
		switch mm.Name {
		case "model2_base":
			n = m.Base2
		case "model1_global":
			n = m.Global1
		case "model2_cycle0", "model2_cycle1":
			n, want.parent = m.Model2[mm.Cycle], "model2_base"
		case "model1_cycle0", "model1_cycle1":
			n, want.parent = m.Model1[mm.Cycle], "model1_global"
		default:
			t.Fatalf("unexpected model %q", mm.Name)
		}
		want.epochs = len(n.History.TrainLoss)
		if mm.Parent != want.parent || ck.Meta.Parent != want.parent || ck.Meta.Epochs != want.epochs {
			t.Errorf("%s: parent %q/%q, epochs %d; want %q and %d", mm.Name, mm.Parent, ck.Meta.Parent, ck.Meta.Epochs, want.parent, want.epochs)
		}
		in := x
		if mm.Kind == "model2" {
			in = std14(&fs[3])
		}
		z := slices.Clone(in)
		ck.InputScaler.Transform(z)
		got, err := ck.Model.Predict(z)
		if err != nil {
			t.Fatal(err)
		}
		ck.OutputScaler.Inverse(got)
		if p := n.Predict(in); !slices.Equal(got, p) {
			t.Errorf("%s: loaded checkpoint predicts %v, trained network %v", mm.Name, got[:3], p[:3])
		}
	}
	if _, err := m.Save(dir, fs, Manifest{}, false); err == nil {
		t.Error("a second save without overwrite was not refused")
	}
	if _, err := m.Save(dir, fs, Manifest{}, true); err != nil {
		t.Errorf("save with overwrite: %v", err)
	}
}
