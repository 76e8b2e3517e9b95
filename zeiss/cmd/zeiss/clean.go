package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/arcoat/zeiss/zeiss/ingest"
)

// runClean turns a raw data folder into the cleaned furnace table.
func runClean(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("clean", stderr)
	raw := fs.String("raw", "", "raw data folder (as written by zeiss simulate, or a plant export laid out the same way)")
	out := fs.String("out", "", "folder to write furnaces.csv, stats.json, the quality report and the cycle lists to")
	cycles := fs.String("cycles", "", "optional cycle override file: one cycle start per line (furnace number or YYYY-MM-DD[ HH:MM:SS])")
	force := fs.Bool("force", false, "replace outputs already in -out")
	workers := fs.Int("workers", 0, "files read in parallel (0: one per CPU); the result does not depend on it")
	maxGap := fs.Int("maxgap", ingest.DefaultMaxGap, "largest gap in seconds between a step boundary and a sensor row")
	lensRow := fs.Int("lensrow", ingest.DefaultCurveLensRow, "lens row whose curve is used when a furnace has several")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: zeiss clean -raw DIR -out DIR [-cycles override.txt] [-force] [flags]

Reads the evt process logs (DIR/evt), sensor files (DIR/sensor), cleaning-run
logs (DIR/cleaning) and plant tables (DIR/tables/{match,curves,process_record}.csv)
— found by name anywhere below DIR, so a plant export laid out differently works —
segments each run's sensor rows into its 8 process steps, and writes to -out:
furnaces.csv (one row per furnace, empty cells where data are missing),
stats.json (normalisation statistics), step_features.csv (per-step QCM
statistics of every run), quality.md and quality.csv (everything set aside
or left empty, with file and line) and cycles/part_clean_number{k}.txt.
Existing outputs are replaced only with -force.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if *raw == "" || *out == "" {
		fs.Usage()
		return errors.New("-raw and -out are required")
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	opt := ingest.Options{Workers: *workers, MaxGap: *maxGap, CurveLensRow: *lensRow}
	if *cycles != "" {
		starts, err := ingest.ReadCycleOverrideFile(*cycles)
		if err != nil {
			return err
		}
		opt.Override, opt.OverrideFile = starts, *cycles
	}
	bar := newCleanProgress(stderr, "clean")
	opt.Progress = bar.update
	res, err := ingest.Clean(*raw, opt)
	bar.finish()
	if err != nil {
		return err
	}
	if err := ingest.WriteOutputs(*out, res, *force); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s → %s: %s\n", *raw, *out, res.Summary)
	return nil
}

// cleanProgress draws a one-line progress bar on a terminal; on anything else
// it draws nothing.
type cleanProgress struct {
	w     io.Writer
	label string
	on    bool
	last  int
}

func newCleanProgress(w io.Writer, label string) *cleanProgress {
	return &cleanProgress{w: w, label: label, on: isTerminalWriter(w), last: -1}
}

// isTerminalWriter reports whether w is a character device (a terminal).
func isTerminalWriter(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (p *cleanProgress) update(done, total int) {
	if !p.on || total == 0 {
		return
	}
	const width = 40
	pct := done * 100 / total
	if pct == p.last && done != total {
		return
	}
	p.last = pct
	n := done * width / total
	fmt.Fprintf(p.w, "\r%s [%s%s] %3d%% %d/%d", p.label, strings.Repeat("=", n), strings.Repeat(" ", width-n), pct, done, total)
}

func (p *cleanProgress) finish() {
	if p.on && p.last >= 0 {
		fmt.Fprintln(p.w)
	}
}
