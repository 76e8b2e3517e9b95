// Command zeiss runs the stages of the anti-reflection coating pipeline headless:
// colour of measured curves, the digital-twin coater, data cleaning, model training,
// evaluation and set-point recommendation.
//
// Usage:
//
//	zeiss <command> [flags] [args]
//
// Run "zeiss help" for the list of commands and "zeiss <command> -h" for the flags of one.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// command is one subcommand of the CLI.
type command struct {
	name  string
	short string
	// run executes the command with its arguments (without the command name),
	// writing results to stdout and diagnostics to stderr.
	run func(args []string, stdout, stderr io.Writer) error
}

// commands lists every subcommand, one line each.
var commands = []command{
	{"bench", "time the model workloads (training, fine-tuning, inverse) for comparison with PyTorch", runBench},
	{"clean", "clean raw machine logs and plant tables into furnaces.csv, cycles and a quality report", runClean},
	{"lab", "colour (CIE L*a*b*, LCh, spec) of reflectance curves in a CSV file", runLab},
	{"train", "train the per-cycle models of a furnace table and select the current state", runTrain},
	{"evaluate", "rolling-origin evaluation of the curve predictors and baselines", runEvaluate},
	{"simulate", "run the digital-twin coater: raw logs, plant tables and ground truth", runSimulate},
	{"spectrum", "double-sided curve and L*a*b* the twin predicts for given set-points", runSpectrum},
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches args to a subcommand and returns the process exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			if err := c.run(args[1:], stdout, stderr); err != nil {
				if err == errUsage {
					return 2
				}
				fmt.Fprintf(stderr, "zeiss %s: %v\n", c.name, err)
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(stderr, "zeiss: unknown command %q; run \"zeiss help\"\n", args[0])
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "zeiss: anti-reflection coating pipeline\n\nUsage: zeiss <command> [flags] [args]\n\nCommands:")
	cs := append([]command(nil), commands...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.short)
	}
}
