package main

import (
	"errors"
	"flag"
	"io"
)

// errUsage is returned by a command whose flags could not be parsed; the flag
// package has already printed the problem and the usage.
var errUsage = errors.New("usage")

// newFlagSet returns a flag set for a subcommand that reports errors to stderr
// instead of exiting.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("zeiss "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse parses args with fs, mapping a parse failure to errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	return nil
}
