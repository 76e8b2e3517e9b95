package plot

import (
	"fmt"
	"os"
	"path/filepath"
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
// old or its new contents, never a part. The file gets mode 0644.
func WriteFileAtomic(path string, b []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
