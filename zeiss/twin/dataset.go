package twin

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// File names of the ground truth written by WriteTruth.
const (
	// TruthFile is the ground-truth furnace table.
	TruthFile = "furnaces.csv"
	// FaultsFile lists the injected faults.
	FaultsFile = "faults.csv"
	// CleaningsFile lists the chamber cleanings and their runs.
	CleaningsFile = "cleanings.csv"
	// ParamsFile holds the parameters and seed of the simulation.
	ParamsFile = "params.json"
)

// TruthColumns are the ground-truth columns of the furnace table, after the
// plant's columns: the substrate, the runs since cleaning, the dome set
// (index of Params.Fixtures), the source condition, whether a trial recipe ran, the tooling
// factors per face and material, the film index offsets, and the physical
// thicknesses of the measured lens per face and layer.
func TruthColumns() []string {
	cols := []string{"gt_substrate", "gt_runs_since_cleaning", "gt_fixture", "gt_condition", "gt_trial"}
	for _, f := range []furnace.Face{furnace.Front, furnace.Back} {
		for m := range NumMaterials {
			cols = append(cols, fmt.Sprintf("gt_%s_tooling_%s", f, Material(m)))
		}
	}
	for m := range NumMaterials {
		cols = append(cols, fmt.Sprintf("gt_dn_%s", Material(m)))
	}
	for _, f := range []furnace.Face{furnace.Front, furnace.Back} {
		for l := range furnace.NumLayers {
			cols = append(cols, fmt.Sprintf("gt_%s_phys_t%d", f, l+1))
		}
	}
	return cols
}

// Table returns the ground-truth furnace table of ds: the plant's columns
// (furnace.ModelColumns, with cycle_id) followed by TruthColumns.
func (ds *Dataset) Table() *furnace.Table {
	t := &furnace.Table{Extra: TruthColumns()}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for i := range ds.Records {
		r := &ds.Records[i]
		t.Furnaces = append(t.Furnaces, r.Furnace)
		row := []string{r.Substrate.String(), strconv.Itoa(r.Truth.RunsSinceCleaning), strconv.Itoa(r.Truth.Fixture), g(r.Truth.Condition), strconv.FormatBool(r.Truth.Trial)}
		for _, f := range []furnace.Face{furnace.Front, furnace.Back} {
			for m := range NumMaterials {
				row = append(row, g(r.Truth.Tooling[f][m]))
			}
		}
		for m := range NumMaterials {
			row = append(row, g(r.Truth.IndexOffset[m]))
		}
		for _, f := range []furnace.Face{furnace.Front, furnace.Back} {
			for l := range furnace.NumLayers {
				row = append(row, g(r.Truth.Physical[f][l]))
			}
		}
		t.ExtraValues = append(t.ExtraValues, row)
	}
	return t
}

// WriteTruth writes the ground truth of ds into dir: furnaces.csv,
// faults.csv, cleanings.csv and params.json. Files are written atomically
// and replace existing ones only when overwrite is set.
func WriteTruth(ds *Dataset, dir string, overwrite bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("twin: %w", err)
	}
	write := func(name string, f func(io.Writer) error) error {
		if err := furnace.WriteFileAtomic(filepath.Join(dir, name), overwrite, f); err != nil {
			return fmt.Errorf("twin: %w", err)
		}
		return nil
	}
	if err := write(TruthFile, ds.Table().Write); err != nil {
		return err
	}
	if err := write(FaultsFile, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write([]string{"furnace_no", "face", "evt", "fault", "arg"})
		for _, r := range ds.Records {
			for _, f := range r.Faults {
				cw.Write([]string{r.Furnace.No, f.Face.String(), f.Evt, f.Kind.String(), strconv.Itoa(f.Arg)})
			}
		}
		cw.Flush()
		return cw.Error()
	}); err != nil {
		return err
	}
	if err := write(CleaningsFile, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write([]string{"cycle_id", "evt", "start", "end"})
		for _, c := range ds.Cleanings {
			for _, r := range c.Runs {
				cw.Write([]string{strconv.Itoa(c.Cycle), r.Evt, r.Start.Format(time.DateTime),
					r.Start.Add(time.Duration(r.Seconds) * time.Second).Format(time.DateTime)})
			}
		}
		cw.Flush()
		return cw.Error()
	}); err != nil {
		return err
	}
	b, err := ds.Params.JSON()
	if err != nil {
		return err
	}
	return write(ParamsFile, func(w io.Writer) error {
		_, err := fmt.Fprintf(w, "{\n  \"seed\": %d,\n  \"furnaces\": %d,\n  \"params\": %s}\n", ds.Seed, len(ds.Records), b)
		return err
	})
}
