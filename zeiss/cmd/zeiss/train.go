package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/arcoat/zeiss/zeiss/model"
)

// runTrain trains the per-cycle models and writes them with a manifest.
func runTrain(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("train", stderr)
	data := fs.String("data", "", "furnace table (cleaned furnaces.csv, or the real bundle's furnaces_2021H1.csv)")
	out := fs.String("out", "", "directory to write the models and manifest.json to")
	force := fs.Bool("force", false, "replace models already in -out")
	seed := fs.Uint64("seed", 1, "random seed")
	recent := fs.Int("recent", model.DefaultConfig().Recent, "number of latest measured furnaces the cycle selection looks at")
	records := fs.String("records", defaultRecords(), "experiment log to append a record to (\"none\": no record)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: zeiss train -data furnaces.csv -out DIR [-force] [flags]

Trains the models of every cleaning cycle on all furnaces of the table: the
base model2 (14 std → 81-point curve) and its fine-tuned copy per cycle, a
global model1 (10 set-points → 14 std) and one per cycle, with inputs
normalised by global statistics. Selects the machine state for the next
furnace (the cycles whose models best explain the latest measured
furnaces) and writes every model as a checkpoint plus DIR/manifest.json.
Existing models are replaced only with -force. Appends one record to the
experiment log.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if *data == "" || *out == "" {
		fs.Usage()
		return errors.New("-data and -out are required")
	}
	tab, sum, err := loadTable(*data)
	if err != nil {
		return err
	}
	ordered, err := model.TimeOrder(tab.Furnaces)
	if err != nil {
		return err
	}
	cfg := model.DefaultConfig()
	cfg.Seed, cfg.Recent = *seed, *recent
	m, err := model.Train(ordered, cfg)
	if err != nil {
		return err
	}
	man, err := m.Save(*out, ordered, model.Manifest{Data: *data, DataSHA256: sum, CodeVersion: model.CodeVersion()}, *force)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d models written to %s (cycles %v); state for the next furnace: model2 cycle %d, model1 cycle %d\n",
		len(man.Models), *out, m.Cycles(), man.Selected.Model2Cycle, man.Selected.Model1Cycle)
	rec := model.Record{
		Command: "train", Data: *data, DataSHA256: sum, CodeVersion: model.CodeVersion(), Seed: *seed,
		Params:  map[string]any{"out": *out, "config": cfg, "furnaces": len(ordered)},
		Metrics: map[string]any{"models": man.Models, "selected": man.Selected},
	}
	return appendRecord(*records, rec)
}
