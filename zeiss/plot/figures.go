package plot

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// SavePNG writes the chart's PNG to dir/<name>.png, creating dir if needed,
// and returns the file's path. The write is atomic: a temporary file in dir
// is renamed over the target, so a reader never sees half a figure. The
// file belongs to the chart: re-running replaces it.
func (c *Chart) SavePNG(dir string) (string, error) {
	b, err := c.PNG()
	if err != nil {
		return "", err
	}
	return c.save(dir, ".png", b)
}

// SaveSVG writes the chart's SVG to dir/<name>.svg like SavePNG.
func (c *Chart) SaveSVG(dir string) (string, error) {
	b, err := c.SVG()
	if err != nil {
		return "", err
	}
	return c.save(dir, ".svg", b)
}

func (c *Chart) save(dir, ext string, b []byte) (string, error) {
	path := filepath.Join(dir, c.name+ext)
	if err := WriteFileAtomic(path, b); err != nil {
		return "", fmt.Errorf("plot %q: %w", c.name, err)
	}
	return path, nil
}

// WriteFileAtomic writes b to path through a temporary file in the same
// directory (created if needed) renamed over path, so path holds either its
// old or its new contents, never a part. The file gets mode 0644. It is
// furnace.WriteFileAtomic with overwriting allowed: a figure belongs to its
// chart and is replaced when the chart is saved again.
func WriteFileAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	return furnace.WriteFileAtomic(path, true, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}
