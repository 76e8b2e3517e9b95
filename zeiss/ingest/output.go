package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// Names of the files WriteOutputs writes in the output folder.
const (
	// FurnacesFile is the furnace table.
	FurnacesFile = "furnaces.csv"
	// StatsFile holds the normalisation statistics (see NormStats).
	StatsFile = "stats.json"
	// QualityCSVFile is the data-quality report as CSV.
	QualityCSVFile = "quality.csv"
	// QualityMarkdownFile is the data-quality report as Markdown.
	QualityMarkdownFile = "quality.md"
	// FeaturesFile holds the per-step QCM statistics of every run.
	FeaturesFile = "step_features.csv"
	// CyclesDir holds part_clean_number{k}.txt, one per cycle.
	CyclesDir = "cycles"
)

// CycleFileName returns the name of the furnace list of cycle k.
func CycleFileName(k int) string { return fmt.Sprintf("part_clean_number%d.txt", k) }

// StatsJSON is the content of stats.json.
type StatsJSON struct {
	// Thickness are the statistics of the 10 adjustable set-points.
	Thickness NormStats `json:"thickness10"`
	// Std are the statistics of the 14 std features.
	Std NormStats `json:"std14"`
}

// outputFiles lists the files WriteOutputs writes, relative to the output folder.
func (res *Result) outputFiles() []string {
	files := []string{FurnacesFile, StatsFile, QualityCSVFile, QualityMarkdownFile, FeaturesFile}
	for _, c := range res.Cycles {
		files = append(files, filepath.Join(CyclesDir, CycleFileName(c.ID)))
	}
	return files
}

// WriteOutputs writes the furnace table, the statistics, the per-run step
// features, the quality report and one part_clean_number{k}.txt per cycle
// (comma-separated furnace numbers) into out, each file atomically. Unless
// force is set it refuses, before writing anything, when any of these
// files or a previous cycles folder already exists.
func WriteOutputs(out string, res *Result, force bool) error {
	if err := os.MkdirAll(filepath.Join(out, CyclesDir), 0o755); err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	if !force {
		var exist []string
		for _, f := range res.outputFiles() {
			if _, err := os.Lstat(filepath.Join(out, f)); err == nil {
				exist = append(exist, f)
			}
		}
		old, _ := filepath.Glob(filepath.Join(out, CyclesDir, "part_clean_number*.txt"))
		for _, o := range old {
			rel, _ := filepath.Rel(out, o)
			if !contains(exist, rel) {
				exist = append(exist, rel)
			}
		}
		if len(exist) > 0 {
			return fmt.Errorf("ingest: %s already holds %s: %w (use -force to replace)", out, strings.Join(exist, ", "), fs.ErrExist)
		}
	} else {
		// Stale cycle files of an earlier run would mix with the new ones.
		old, _ := filepath.Glob(filepath.Join(out, CyclesDir, "part_clean_number*.txt"))
		for _, o := range old {
			if err := os.Remove(o); err != nil {
				return fmt.Errorf("ingest: %w", err)
			}
		}
	}
	write := func(name string, fn func(io.Writer) error) error {
		return furnace.WriteFileAtomic(filepath.Join(out, name), force, fn)
	}
	if err := write(FurnacesFile, res.Table.Write); err != nil {
		return err
	}
	if err := write(StatsFile, func(w io.Writer) error {
		b, err := json.MarshalIndent(StatsJSON{Thickness: res.Thickness, Std: res.Std}, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	}); err != nil {
		return err
	}
	if err := write(FeaturesFile, func(w io.Writer) error { return WriteFeatures(w, res.Features) }); err != nil {
		return err
	}
	if err := write(QualityCSVFile, func(w io.Writer) error { return WriteQualityCSV(w, res.Issues) }); err != nil {
		return err
	}
	if err := write(QualityMarkdownFile, func(w io.Writer) error { return WriteQualityMarkdown(w, res.Summary, res.Issues) }); err != nil {
		return err
	}
	for _, c := range res.Cycles {
		if err := write(filepath.Join(CyclesDir, CycleFileName(c.ID)), func(w io.Writer) error {
			_, err := io.WriteString(w, strings.Join(c.Furnaces, ",")+"\n")
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// WriteFeatures writes the per-step features, one row per run and step:
// evt, step, the set-point and measured thickness of the step's layer, the
// number of sensor rows, then the mean and std of each QCM column.
func WriteFeatures(w io.Writer, feats []*RunFeatures) error {
	var b strings.Builder
	b.WriteString("evt,step,set_point,measured,n")
	short := []string{"thick", "rate", "thick_ch1", "rate_ch1"}
	for _, s := range short {
		fmt.Fprintf(&b, ",%s_mean,%s_std", s, s)
	}
	b.WriteByte('\n')
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	for _, f := range feats {
		for k, st := range f.Steps {
			b.Reset()
			fmt.Fprintf(&b, "%s,%d,%s,%s,%d", f.Evt, k+1, fmtG(f.SetPoint[k]), fmtG(f.Measured[k]), st[0].N)
			for _, c := range st {
				fmt.Fprintf(&b, ",%s,%s", fmtG(c.Mean), fmtG(c.Std))
			}
			b.WriteByte('\n')
			if _, err := io.WriteString(w, b.String()); err != nil {
				return err
			}
		}
	}
	return nil
}

func fmtG(v float64) string {
	if v != v {
		return ""
	}
	return fmt.Sprint(v)
}

// LoadFurnaces reads a furnace table written by Clean (cycle column
// cycle_id) or the real-data bundle's furnaces_2021H1.csv (cycle column
// egun_cycle_id) into the same in-memory type, choosing the cycle column
// from the header.
func LoadFurnaces(path string) (*furnace.Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	defer f.Close()
	head := make([]byte, 1<<16)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("ingest: %s: %w", path, err)
	}
	first, _, _ := strings.Cut(string(head[:n]), "\n")
	opt := furnace.ReadOptions{}
	cols := strings.Split(strings.TrimRight(first, "\r"), ",")
	if !contains(cols, furnace.CycleColumn) && contains(cols, furnace.RealCycleColumn) {
		opt.CycleColumn = furnace.RealCycleColumn
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("ingest: %s: %w", path, err)
	}
	return opt.Read(f, path)
}
