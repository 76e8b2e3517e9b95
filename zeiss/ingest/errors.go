package ingest

import (
	"errors"
	"fmt"
	"strings"
)

// ParseError is an error in one line of a raw file.
type ParseError struct {
	// File is the file name as given to the parser.
	File string
	// Line is the 1-based line number, 0 when the error concerns the whole file.
	Line int
	// Field names the field (column) at fault, empty when not specific.
	Field string
	// Err is the underlying problem.
	Err error
}

// Error returns "file:line: field: problem".
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": %s", e.Field)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

// Unwrap returns the underlying problem.
func (e *ParseError) Unwrap() error { return e.Err }

func perr(file string, line int, field string, format string, args ...any) *ParseError {
	return &ParseError{File: file, Line: line, Field: field, Err: fmt.Errorf(format, args...)}
}

// RowErrors lists the rows of a table that could not be parsed. A table
// parser that returns RowErrors also returns every row that did parse.
type RowErrors []*ParseError

// Error lists the first few bad rows.
func (re RowErrors) Error() string {
	const show = 3
	var b strings.Builder
	fmt.Fprintf(&b, "%d bad row(s): ", len(re))
	for i, e := range re {
		if i == show {
			fmt.Fprintf(&b, "; …")
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the individual row errors.
func (re RowErrors) Unwrap() []error {
	errs := make([]error, len(re))
	for i, e := range re {
		errs[i] = e
	}
	return errs
}

// errNoData is returned for an empty input.
var errNoData = errors.New("empty file")
