package plot

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// display is where a Notebook sends its outputs. The GoNB implementation is
// in gonb.go, the only file that talks to the notebook; tests record outputs.
type display interface {
	// show emits one output with several representations (MIME type → content:
	// string for text types, []byte for images).
	show(data map[string]any)
	// markdown emits a Markdown output.
	markdown(md string)
	// sync waits until every output sent has reached the notebook.
	sync()
}

// Notebook shows charts and tables in a GoNB notebook and keeps their static
// images in a figures folder.
//
// A GoNB cell runs as a fresh program, so a Notebook remembers nothing across
// cells: declare it at top level (var nb = plot.NewNotebook()) and call
// nb.Setup() in the first cell that displays anything. Setup emits the ECharts
// library once; the charts of later cells use it from the page.
type Notebook struct {
	// FigDir is the folder Show saves static images in, relative to the
	// notebook's folder (the kernel's working directory); empty means that
	// folder itself.
	FigDir string
	// SVG makes Show also save <name>.svg beside <name>.png.
	SVG bool
	// InlineImage puts the PNG inside the chart's HTML too, as an image the
	// script replaces with the interactive chart. Viewers that render HTML
	// but run no scripts then still show the figure, at the cost of storing
	// the image twice in the notebook.
	InlineImage bool
	// Stderr receives the error of a failed Show or Table, so it is visible
	// in the cell's output even if the caller drops the returned error.
	Stderr io.Writer

	out      display
	libShown bool
}

// display returns where outputs go: GoNB unless a test set another.
func (nb *Notebook) display() display {
	if nb.out == nil {
		return gonbDisplay{}
	}
	return nb.out
}

// NewNotebook returns a Notebook that shows outputs through GoNB and saves
// figures in the repository's figures folder: "figures" beside the go.mod
// found walking up from the working directory (the notebook's folder), or
// "figures" in the working directory when there is none. Charts carry their
// static image inside the HTML too (InlineImage), so viewers that strip
// scripts still show every figure.
func NewNotebook() *Notebook {
	return &Notebook{FigDir: figuresDir(), InlineImage: true, Stderr: os.Stderr, out: gonbDisplay{}}
}

// figuresDir returns the figures folder of the enclosing Go module, relative
// to the working directory so that no absolute path reaches the outputs.
func figuresDir() string {
	root, err := furnace.ModuleRoot()
	if err != nil {
		return "figures"
	}
	wd, err := os.Getwd()
	if err != nil {
		return "figures"
	}
	rel, err := filepath.Rel(wd, root)
	if err != nil {
		return "figures"
	}
	return filepath.Join(rel, "figures")
}

// Setup shows the ECharts library (EchartsScript) in the notebook, once per
// Notebook value; call it in the notebook's first display cell.
func (nb *Notebook) Setup() {
	if nb.libShown {
		return
	}
	nb.libShown = true
	nb.display().show(map[string]any{mimeHTML: EchartsScript()})
	nb.display().sync()
}

const (
	mimeHTML  = "text/html"
	mimePNG   = "image/png"
	mimePlain = "text/plain"
)

func (nb *Notebook) fail(err error) error {
	if nb.Stderr != nil {
		fmt.Fprintln(nb.Stderr, "plot:", err)
	}
	return err
}

// Show saves the chart's static image(s) under nb.FigDir and displays the
// chart as ONE output carrying both the interactive HTML (text/html) and the
// PNG (image/png): a viewer picks the richest form it can render. It waits
// until the output has reached the notebook. Errors are returned and also
// written to nb.Stderr.
func (c *Chart) Show(nb *Notebook) error {
	png, err := c.PNG()
	if err != nil {
		return nb.fail(err)
	}
	var inline []byte
	if nb.InlineImage {
		inline = png
	}
	snippet, err := c.html(inline)
	if err != nil {
		return nb.fail(err)
	}
	if _, err := c.save(nb.FigDir, ".png", png); err != nil {
		return nb.fail(err)
	}
	if nb.SVG {
		if _, err := c.SaveSVG(nb.FigDir); err != nil {
			return nb.fail(err)
		}
	}
	nb.display().show(map[string]any{
		mimeHTML:  snippet,
		mimePNG:   png,
		mimePlain: "chart " + c.name,
	})
	nb.display().sync()
	return nil
}

// Table displays a Markdown table (see MarkdownTable) and waits until it has
// reached the notebook.
func (nb *Notebook) Table(headers []string, rows [][]string) error {
	md, err := MarkdownTable(headers, rows)
	if err != nil {
		return nb.fail(err)
	}
	nb.Markdown(md)
	return nil
}

// Markdown displays Markdown text and waits until it has reached the notebook.
func (nb *Notebook) Markdown(md string) {
	nb.display().markdown(md)
	nb.display().sync()
}
