package cli

import (
	"bytes"
	"fmt"
	"path/filepath"

	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/store"
)

// saveResult writes the result JSON to path. A saved result is never
// overwritten: when path exists a new name is chosen beside it and said on
// stderr, unless force asks to replace it.
func saveResult(f *factory, r *result.Result, path string, force bool) error {
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, r); err != nil {
		return err
	}
	if force {
		return store.WriteFile(path, buf.Bytes(), 0o644)
	}
	written, err := store.WriteNew(path, buf.Bytes(), 0o644)
	if err != nil {
		return err
	}
	if written != path {
		fmt.Fprintf(f.io.ErrOut, "%s exists; saved the result as %s (use --force to replace it)\n", path, filepath.Base(written))
	}
	return nil
}
