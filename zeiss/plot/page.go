package plot

import (
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// Page is a self-contained HTML document of charts: the ECharts library is
// embedded once in its head and every chart follows as a snippet, so the file
// opens offline in any browser.
type Page struct {
	title  string
	charts []*Chart
}

// NewPage returns an empty page with the given title.
func NewPage(title string) *Page { return &Page{title: title} }

// Add appends charts to the page.
func (p *Page) Add(charts ...*Chart) *Page {
	p.charts = append(p.charts, charts...)
	return p
}

// HTML returns the page as an HTML document. Two charts with the same name
// are an error: their ids would clash.
func (p *Page) HTML() (string, error) {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>")
	b.WriteString(html.EscapeString(p.title))
	b.WriteString("</title>\n")
	b.WriteString(EchartsScript())
	b.WriteString("</head>\n<body>\n")
	seen := make(map[string]bool)
	for _, c := range p.charts {
		if seen[c.name] {
			return "", fmt.Errorf("page %q: two charts named %q", p.title, c.name)
		}
		seen[c.name] = true
		s, err := c.HTML()
		if err != nil {
			return "", fmt.Errorf("page %q: %w", p.title, err)
		}
		b.WriteString(s)
	}
	b.WriteString("</body>\n</html>\n")
	return b.String(), nil
}

// WriteFile writes the page to path atomically, creating its directory if
// needed. An existing file is replaced only when overwrite is set;
// otherwise it is an error wrapping fs.ErrExist and the file is left as it is.
func (p *Page) WriteFile(path string, overwrite bool) error {
	s, err := p.HTML()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("page %q: %w", p.title, err)
	}
	if err := furnace.WriteFileAtomic(path, overwrite, func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}); err != nil {
		return fmt.Errorf("page %q: %w", p.title, err)
	}
	return nil
}
