package main

import (
	"errors"
	"fmt"
	"io"

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
	// ingest.Options reads values ≤ 0 as "the default"; on the command line
	// they are mistakes, not requests for the default.
	switch {
	case *workers < 0:
		return fmt.Errorf("-workers %d: must be ≥ 0 (0: one per CPU)", *workers)
	case *maxGap < 1:
		return fmt.Errorf("-maxgap %d: must be ≥ 1 second", *maxGap)
	case *lensRow < 1:
		return fmt.Errorf("-lensrow %d: must be ≥ 1", *lensRow)
	}
	opt := ingest.Options{Workers: *workers, MaxGap: *maxGap, CurveLensRow: *lensRow}
	if *cycles != "" {
		starts, err := ingest.ReadCycleOverrideFile(*cycles)
		if err != nil {
			return err
		}
		opt.Override, opt.OverrideFile = starts, *cycles
	}
	bar := newProgress(stderr, "clean", "")
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
