package furnace

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFileAtomic writes a file through write: the bytes go to a temporary
// file in the directory of path, which is synced and then renamed to path,
// so that readers see either the old file or the complete new one. When
// overwrite is false an existing path is an error and is left untouched.
// On any error the temporary file is removed.
func WriteFileAtomic(path string, overwrite bool, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if !overwrite {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("furnace: write %s: %w (refusing to overwrite)", path, fs.ErrExist)
		}
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return fmt.Errorf("furnace: write %s: %w", path, err)
	}
	tmpName := tmp.Name()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if err := write(bw); err != nil {
		return fmt.Errorf("furnace: write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("furnace: write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("furnace: write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("furnace: write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("furnace: write %s: %w", path, err)
	}
	if overwrite {
		if err := os.Rename(tmpName, path); err != nil {
			return fmt.Errorf("furnace: write %s: %w", path, err)
		}
		return nil
	}
	// Link fails when path exists, closing the window between the check
	// above and the final move; fall back to rename where the file system
	// has no hard links.
	if lerr := os.Link(tmpName, path); lerr == nil {
		os.Remove(tmpName)
		return nil
	} else if errors.Is(lerr, fs.ErrExist) {
		return fmt.Errorf("furnace: write %s: %w (refusing to overwrite)", path, fs.ErrExist)
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("furnace: write %s: %w (refusing to overwrite)", path, fs.ErrExist)
	}
	if err := os.Rename(tmpName, path); err != nil {
		return fmt.Errorf("furnace: write %s: %w", path, err)
	}
	return nil
}
