package plot

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// MarkdownTable returns a GitHub-flavoured Markdown table. Every row must have
// len(headers) cells. A '|' in a cell is escaped as `\|` (unless already
// escaped) and a line break becomes <br>, so cells never split; other
// Markdown in cells is kept. Columns whose cells all read as numbers (or
// are empty or NaN) are right-aligned.
func MarkdownTable(headers []string, rows [][]string) (string, error) {
	if len(headers) == 0 {
		return "", errors.New("markdown table: no columns")
	}
	for i, r := range rows {
		if len(r) != len(headers) {
			return "", fmt.Errorf("markdown table: row %d has %d cells, want %d (%s)", i, len(r), len(headers), strings.Join(headers, ", "))
		}
	}
	var b strings.Builder
	writeRow := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" ")
			b.WriteString(escapeCell(c))
			b.WriteString(" |")
		}
		b.WriteString("\n")
	}
	writeRow(headers)
	b.WriteString("|")
	for j := range headers {
		if numericColumn(rows, j) {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, r := range rows {
		writeRow(r)
	}
	return b.String(), nil
}

// escapeCell makes s safe as one table cell.
func escapeCell(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "<br>")
	s = strings.ReplaceAll(s, "\n", "<br>")
	s = strings.ReplaceAll(s, "\r", "<br>")
	var b strings.Builder
	backslashes := 0
	for _, r := range s {
		if r == '|' && backslashes%2 == 0 {
			b.WriteByte('\\')
		}
		if r == '\\' {
			backslashes++
		} else {
			backslashes = 0
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

func numericColumn(rows [][]string, j int) bool {
	any := false
	for _, r := range rows {
		c := strings.TrimSpace(r[j])
		if c == "" || c == "NaN" {
			continue
		}
		if _, err := strconv.ParseFloat(strings.TrimSuffix(c, "%"), 64); err != nil {
			return false
		}
		any = true
	}
	return any
}

// F formats v with the given number of decimals for a table cell: NaN (a
// missing value) is written "NaN", and -0 as 0.
func F(v float64, decimals int) string {
	if math.IsNaN(v) {
		return "NaN"
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return s
}

// Fs formats each value with F.
func Fs(decimals int, vs ...float64) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = F(v, decimals)
	}
	return out
}
